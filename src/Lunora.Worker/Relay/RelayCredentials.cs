namespace Lunora.Worker.Relay;

/// <summary>The relay API's user (an <c>authInternalUsers</c> entry with the <c>api</c> permission). <see cref="ToString"/> hides the password.</summary>
public sealed record RelayCredentials(string User, string Password)
{
    public override string ToString() => $"{User}:***";

    /// <summary>Reads a stored secret: <c>{"user":"…","pass":"…"}</c> or <c>user:pass</c>. Errors never quote the value.</summary>
    public static RelayCredentials Parse(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var text = secret.Trim();
        if (text.StartsWith('{'))
        {
            try
            {
                var node = System.Text.Json.Nodes.JsonNode.Parse(text);
                if (node?["user"]?.GetValue<string>() is { Length: > 0 } user && node["pass"]?.GetValue<string>() is { Length: > 0 } pass)
                {
                    return new RelayCredentials(user, pass);
                }
            }
            catch (Exception error) when (error is System.Text.Json.JsonException or InvalidOperationException)
            {
                throw new FormatException("The relay API credentials are not valid JSON with 'user' and 'pass'.");
            }

            throw new FormatException("The relay API credentials need non-empty 'user' and 'pass'.");
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < text.Length - 1
            ? new RelayCredentials(text[..colon], text[(colon + 1)..])
            : throw new FormatException("The relay API credentials must be 'user:pass' or JSON with 'user' and 'pass'.");
    }
}
