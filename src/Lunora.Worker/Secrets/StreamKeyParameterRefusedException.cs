namespace Lunora.Worker.Secrets;

/// <summary>
/// Terminal: the parameter may not or cannot be read (outside the prefix, access denied). Carries the parameter name
/// and a reason, never a value.
/// </summary>
public sealed class StreamKeyParameterRefusedException : Exception
{
    public StreamKeyParameterRefusedException()
    {
    }

    public StreamKeyParameterRefusedException(string message)
        : base(message)
    {
    }

    public StreamKeyParameterRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StreamKeyParameterRefusedException(string parameterName, string reason)
        : base($"stream key parameter {parameterName} {reason}")
    {
        ParameterName = parameterName;
        Reason = reason;
    }

    public string? ParameterName { get; }

    /// <summary>Why, without the parameter's name: "is outside PARAMETER_STORE_PREFIX /lunora/".</summary>
    public string? Reason { get; }
}
