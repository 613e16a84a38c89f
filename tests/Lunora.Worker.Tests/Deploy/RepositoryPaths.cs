namespace Lunora.Worker.Tests.Deploy;

/// <summary>Where the repository and its vendored third-party material are, found from the test binaries upwards.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Template => Path.Combine(Root, "deploy", "lunora-worker.yaml");

    public static string WorkerSource => Path.Combine(Root, "src", "Lunora.Worker");

    /// <summary>The official AWS service models (third_party/aws-models, with their licence).</summary>
    public static string AwsModels => Path.Combine(Root, "third_party", "aws-models");

    /// <summary>Real-world MediaLive channel bodies (third_party/real-channels, with their sources and licences).</summary>
    public static string RealChannels => Path.Combine(Root, "third_party", "real-channels");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Lunora.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Could not find the repository root (Lunora.sln) above " + AppContext.BaseDirectory);
    }
}
