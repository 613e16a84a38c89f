using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Lunora.Worker.Tests.Contract;

/// <summary>An official AWS service model (botocore service-2.json) from ../shared/aws-models, loaded once.</summary>
public sealed class ServiceModel
{
    private static readonly ConcurrentDictionary<string, ServiceModel> Cache = new(StringComparer.Ordinal);

    private ServiceModel(JsonObject root)
    {
        Root = root;
        Shapes = root["shapes"]!.AsObject();
        Operations = root["operations"]!.AsObject();
        Protocol = root["metadata"]!["protocol"]!.GetValue<string>();
    }

    public static ServiceModel MediaLive => Load("medialive-2017-10-14.service-2.json");

    public static ServiceModel CloudWatch => Load("cloudwatch-2010-08-01.service-2.json");

    public JsonObject Root { get; }

    public JsonObject Shapes { get; }

    public JsonObject Operations { get; }

    public string Protocol { get; }

    public JsonObject Shape(string name) =>
        Shapes[name]?.AsObject() ?? throw new InvalidOperationException($"No shape {name} in the model.");

    public static string ModelsDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Lunora.sln")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new InvalidOperationException("Could not find the repository root (Lunora.sln) above " + AppContext.BaseDirectory);
        }

        // ../shared from the repository root; worktrees sit deeper, so keep looking upwards.
        for (var up = dir; up is not null; up = up.Parent)
        {
            var candidate = Path.Combine(up.FullName, "shared", "aws-models");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("No shared/aws-models beside or inside " + dir.FullName);
    }

    private static ServiceModel Load(string file) =>
        Cache.GetOrAdd(file, f => new ServiceModel(JsonNode.Parse(File.ReadAllText(Path.Combine(ModelsDirectory(), f)))!.AsObject()));
}
