using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Lunora.Worker.Tests.Deploy;

namespace Lunora.Worker.Tests.Contract;

/// <summary>An official AWS service model (botocore service-2.json) from third_party/aws-models, loaded once.</summary>
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

    private static ServiceModel Load(string file) =>
        Cache.GetOrAdd(file, f => new ServiceModel(JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.AwsModels, f)))!.AsObject()));
}
