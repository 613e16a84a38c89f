namespace Lunora.Worker.Configuration;

/// <summary>Every missing or malformed setting at once; never carries a secret value.</summary>
public sealed class ConfigurationProblemsException : Exception
{
    public ConfigurationProblemsException()
        : this([])
    {
    }

    public ConfigurationProblemsException(string message)
        : this([message])
    {
    }

    public ConfigurationProblemsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public ConfigurationProblemsException(IReadOnlyList<string> problems)
        : base("configuration problems: " + string.Join("; ", problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }
}
