using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Lunora.Domain.Planning;

/// <summary>
/// Deterministic names for the output group, output and destination a destination id owns. MediaLive caps output
/// group names at 32 characters, so the id is hashed: the same id always gives the same name across restarts and
/// workers, and the <see cref="Prefix"/> marks what Lunora owns.
/// </summary>
public static class OutputNaming
{
    public const string Prefix = "lunora-";

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private const int HashChars = 16;
    private const int MemoLimit = 10_000;

    // A plan names each destination several times; hashing once per id keeps 200 destinations well under 1 ms.
    // The memo only caches a pure function, so clearing it when it grows changes nothing but speed.
    private static readonly ConcurrentDictionary<string, string> Memo = new(StringComparer.Ordinal);

    public static string GroupName(string destinationId)
    {
        ArgumentNullException.ThrowIfNull(destinationId);
        if (Memo.TryGetValue(destinationId, out var known))
        {
            return known;
        }

        if (Memo.Count >= MemoLimit)
        {
            Memo.Clear();
        }

        return Memo[destinationId] = Compute(destinationId);
    }

    private static string Compute(string destinationId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(destinationId), hash);
        var chars = new char[HashChars];
        // Base32 over the first 80 bits: 16 characters, lowercase, safe in every MediaLive name field.
        ulong acc = 0;
        var bits = 0;
        var byteIndex = 0;
        for (var i = 0; i < HashChars; i++)
        {
            if (bits < 5)
            {
                acc = (acc << 8) | hash[byteIndex++];
                bits += 8;
            }

            chars[i] = Alphabet[(int)((acc >> (bits - 5)) & 31)];
            bits -= 5;
        }

        return Prefix + new string(chars);
    }

    public static bool IsManaged(string? groupName) =>
        groupName is not null && groupName.StartsWith(Prefix, StringComparison.Ordinal);
}
