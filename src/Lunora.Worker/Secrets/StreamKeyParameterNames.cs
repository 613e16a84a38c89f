namespace Lunora.Worker.Secrets;

/// <summary>
/// Where a record's <c>stream_key_param</c> points in Parameter Store: a relative name lives under
/// <c>PARAMETER_STORE_PREFIX</c>; an absolute name must already be inside it, so a record cannot make the worker read
/// any other secret the task role can see.
/// </summary>
public sealed class StreamKeyParameterNames(string? prefix)
{
    private readonly string? _prefix = string.IsNullOrWhiteSpace(prefix) ? null : "/" + prefix.Trim().Trim('/') + "/";

    public string? Prefix => _prefix;

    /// <summary>The full parameter name. Throws <see cref="StreamKeyParameterRefusedException"/> for names outside the prefix.</summary>
    public string Resolve(string parameterName)
    {
        ArgumentNullException.ThrowIfNull(parameterName);
        var name = parameterName.Trim();
        if (name.Length == 0)
        {
            throw new StreamKeyParameterRefusedException(parameterName, "is empty");
        }

        if (name.Contains("..", StringComparison.Ordinal))
        {
            throw new StreamKeyParameterRefusedException(parameterName, "must not contain '..'");
        }

        if (_prefix is null)
        {
            return name;
        }

        if (name.StartsWith('/'))
        {
            return name.StartsWith(_prefix, StringComparison.Ordinal)
                ? name
                : throw new StreamKeyParameterRefusedException(parameterName, $"is outside PARAMETER_STORE_PREFIX {_prefix}");
        }

        return _prefix + name;
    }
}
