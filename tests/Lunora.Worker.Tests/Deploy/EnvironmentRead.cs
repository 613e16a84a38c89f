namespace Lunora.Worker.Tests.Deploy;

/// <summary>A place in the worker's source that reads an environment variable (or every name with a prefix).</summary>
internal sealed record EnvironmentRead(string Name, bool IsPrefix, string File, int Line)
{
    public string Where => $"{File}:{Line}";
}
