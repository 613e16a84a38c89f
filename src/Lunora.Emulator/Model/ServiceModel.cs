using System.Text.Json.Nodes;

namespace Lunora.Emulator.Model;

/// <summary>The MediaLive service model (botocore JSON), loaded once from the embedded copy.</summary>
internal sealed class ServiceModel
{
    private static readonly Lazy<ServiceModel> Embedded = new(LoadEmbedded);

    private readonly JsonObject _shapes;

    private ServiceModel(JsonObject shapes) => _shapes = shapes;

    public static ServiceModel MediaLive => Embedded.Value;

    public JsonObject Shape(string name) =>
        _shapes[name] as JsonObject ?? throw new InvalidOperationException($"Shape {name} is not in the model.");

    private static ServiceModel LoadEmbedded()
    {
        using var stream = typeof(ServiceModel).Assembly.GetManifestResourceStream("medialive-2017-10-14.service-2.json")
            ?? throw new InvalidOperationException("The embedded MediaLive model is missing.");
        var root = JsonNode.Parse(stream)?.AsObject() ?? throw new InvalidOperationException("The MediaLive model is empty.");
        return new ServiceModel(root["shapes"]!.AsObject());
    }
}
