using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace Lunora.Worker.Aws;

/// <summary>
/// SigV4 through AWSSDK.Core's own <see cref="AWS4Signer"/> helpers: canonicalisation, key derivation and the signature
/// are the SDK's, so nothing in Lunora signs by hand.
/// Derives from the SDK signer only to reach its protected canonicalisation helpers; it is never instantiated.
/// </summary>
public sealed class AwsRequestSigner : AWS4Signer
{
    private AwsRequestSigner()
    {
    }

    /// <summary>
    /// Signs a request and returns the headers to send with it: every header in <paramref name="headers"/> (which the
    /// caller passes with the ones it wants signed, e.g. content-type, x-amz-target) plus host, x-amz-date,
    /// x-amz-security-token when the credentials carry a session token, and Authorization.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Sign(
        string method,
        Uri uri,
        IEnumerable<KeyValuePair<string, string>> query,
        IReadOnlyDictionary<string, string> headers,
        ReadOnlySpan<byte> body,
        ImmutableCredentials credentials,
        string region,
        string service,
        DateTimeOffset signedAt)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(credentials);
        var toSign = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            toSign[name] = value;
        }

        var at = signedAt.UtcDateTime;
        // Adds host and x-amz-date exactly as the SDK's own clients do.
        AWS4Signer.InitializeHeaders(toSign, uri, at);
        if (credentials.UseToken)
        {
            toSign["x-amz-security-token"] = credentials.Token;
        }

        var bodyHash = Convert.ToHexStringLower(AWS4Signer.ComputeHash(body.ToArray()));
        var sorted = SortAndPruneHeaders(toSign);
        var canonicalQuery = CanonicalizeQueryParameters(query);
        var canonicalRequest = CanonicalizeRequest(
            new Uri(uri.GetLeftPart(UriPartial.Authority)),
            uri.AbsolutePath,
            method.ToUpperInvariant(),
            sorted,
            canonicalQuery,
            bodyHash);
        var signedHeaders = CanonicalizeHeaderNames(sorted);
        var result = AWS4Signer.ComputeSignature(credentials, region, at, service, signedHeaders, canonicalRequest);

        toSign["Authorization"] = result.ForAuthorizationHeader;
        return toSign;
    }
}
