using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Lunora.Relay.Api;

/// <summary>
/// MediaMTX's API authentication with <c>authInternalUsers</c> (internal/api/api.go, middlewareAuth): a call without
/// credentials gets 401 with <c>WWW-Authenticate: Basic realm="mediamtx"</c>; wrong credentials get 401 without it.
/// Both answer <c>{"status":"error","error":"authentication error"}</c>.
/// </summary>
internal sealed class ApiAuth(IReadOnlyList<RelayUser> users)
{
    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"mediamtx\"";
            await ApiResults.ErrorAsync(context, StatusCodes.Status401Unauthorized, "authentication error");
            return;
        }

        if (!Allowed(header))
        {
            await ApiResults.ErrorAsync(context, StatusCodes.Status401Unauthorized, "authentication error");
            return;
        }

        await next();
    }

    private bool Allowed(string header)
    {
        if (!AuthenticationHeaderValue.TryParse(header, out var value)
            || !string.Equals(value.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || value.Parameter is null)
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value.Parameter));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        var user = Encoding.UTF8.GetBytes(decoded[..colon]);
        var pass = Encoding.UTF8.GetBytes(decoded[(colon + 1)..]);
        var match = false;
        foreach (var candidate in users)
        {
            // Every user is compared in full, in constant time, so the answer's timing tells nothing.
            match |= CryptographicOperations.FixedTimeEquals(user, Encoding.UTF8.GetBytes(candidate.User))
                & CryptographicOperations.FixedTimeEquals(pass, Encoding.UTF8.GetBytes(candidate.Pass));
        }

        return match;
    }
}
