using System.Security.Cryptography;
using System.Text;

namespace Lunora.Worker.Secrets;

/// <summary>
/// A one-way digest of a stream key, so the planner can compare "the key the channel sends" with "the key the record
/// names" without either key leaving the adapters. Keyed with a per-process random salt: a fingerprint that reaches a
/// log by mistake cannot be matched against a dictionary of keys, and means nothing to another process.
/// </summary>
public static class StreamKeyFingerprint
{
    private static readonly byte[] Salt = RandomNumberGenerator.GetBytes(32);

    public static string Of(string streamKey)
    {
        ArgumentNullException.ThrowIfNull(streamKey);
        var mac = HMACSHA256.HashData(Salt, Encoding.UTF8.GetBytes(streamKey));
        return "fp:" + Convert.ToHexStringLower(mac.AsSpan(0, 12));
    }
}
