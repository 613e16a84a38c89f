namespace Lunora.Worker.Tests.Deploy;

/// <summary>Where the repository and the shared reference material are, found from the test binaries upwards.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Template => Path.Combine(Root, "deploy", "lunora-worker.yaml");

    public static string WorkerSource => Path.Combine(Root, "src", "Lunora.Worker");

    /// <summary>shared/aws-models beside the repository (CI) or further up (worktrees sit deeper).</summary>
    public static string AwsModels
    {
        get
        {
            for (var dir = new DirectoryInfo(Root); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "aws-models");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("No shared/aws-models beside or above " + Root);
        }
    }

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
