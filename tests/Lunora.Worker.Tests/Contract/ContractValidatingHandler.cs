using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Lunora.Worker.Tests.Contract;

/// <summary>
/// Sits in front of every client under test: names the operation each request calls (MediaLive by method and path
/// template, CloudWatch by X-Amz-Target), validates its body and query against the official model, records it, and
/// fails the call with <see cref="ContractViolationException"/> if anything breaks the model.
/// </summary>
public sealed class ContractValidatingHandler : DelegatingHandler
{
    private static readonly Lazy<List<(string Method, Regex Path, string Operation)>> MediaLiveRoutes = new(BuildRoutes);

    public ContractValidatingHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }

    public ConcurrentQueue<CapturedRequest> Requests { get; } = new();

    public IEnumerable<CapturedRequest> For(string operation) => Requests.Where(r => r.Operation == operation);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        if (!headers.TryGetValue("Authorization", out var authorization) || !authorization.StartsWith("AWS4-HMAC-SHA256 Credential=", StringComparison.Ordinal))
        {
            throw new ContractViolationException($"{request.Method} {request.RequestUri}: not SigV4-signed");
        }

        var (model, operation) = Identify(request, headers);
        JsonNode? json;
        try
        {
            json = body.Length == 0 ? null : JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw new ContractViolationException($"{operation}: body is not JSON", e);
        }

        var errors = ShapeValidator.ValidateInput(model, operation, json).ToList();
        errors.AddRange(ValidateQuery(model, operation, request.RequestUri!));
        if (model == ServiceModel.CloudWatch && headers.GetValueOrDefault("Content-Type") != "application/x-amz-json-1.0")
        {
            errors.Add($"{operation}: Content-Type must be application/x-amz-json-1.0");
        }

        Requests.Enqueue(new CapturedRequest(operation, request.Method, request.RequestUri!, headers, body));
        if (errors.Count > 0)
        {
            throw new ContractViolationException($"{operation} breaks the service model:\n  " + string.Join("\n  ", errors));
        }

        // Rebuild the content: reading it above may have consumed it for the inner handler.
        if (request.Content is not null)
        {
            var contentHeaders = request.Content.Headers.ToList();
            request.Content = new StringContent(body);
            request.Content.Headers.Clear();
            foreach (var (name, values) in contentHeaders)
            {
                request.Content.Headers.TryAddWithoutValidation(name, values);
            }
        }

        return await base.SendAsync(request, cancellationToken);
    }

    private static (ServiceModel Model, string Operation) Identify(HttpRequestMessage request, Dictionary<string, string> headers)
    {
        if (headers.TryGetValue("X-Amz-Target", out var target))
        {
            const string prefix = "GraniteServiceVersion20100801.";
            if (!target.StartsWith(prefix, StringComparison.Ordinal) || request.Method != HttpMethod.Post || request.RequestUri!.AbsolutePath != "/")
            {
                throw new ContractViolationException($"Bad CloudWatch target/method/path: {target} {request.Method} {request.RequestUri}");
            }

            var op = target[prefix.Length..];
            if (ServiceModel.CloudWatch.Operations[op] is null)
            {
                throw new ContractViolationException($"Unknown CloudWatch operation {op}");
            }

            return (ServiceModel.CloudWatch, op);
        }

        var path = request.RequestUri!.AbsolutePath;
        foreach (var (method, regex, operation) in MediaLiveRoutes.Value)
        {
            if (method == request.Method.Method && regex.IsMatch(path))
            {
                return (ServiceModel.MediaLive, operation);
            }
        }

        throw new ContractViolationException($"No MediaLive operation answers {request.Method} {path}");
    }

    private static IEnumerable<string> ValidateQuery(ServiceModel model, string operation, Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            yield break;
        }

        var input = model.Shape(model.Operations[operation]!["input"]!["shape"]!.GetValue<string>());
        var members = input["members"]!.AsObject()
            .Where(m => m.Value!["location"]?.GetValue<string>() == "querystring")
            .ToDictionary(m => m.Value!["locationName"]!.GetValue<string>(), m => m.Value!["shape"]!.GetValue<string>(), StringComparer.Ordinal);
        foreach (var pair in query.Split('&'))
        {
            var parts = pair.Split('=', 2);
            var name = Uri.UnescapeDataString(parts[0]);
            var value = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "";
            if (!members.TryGetValue(name, out var shapeName))
            {
                yield return $"{operation}: unknown query parameter '{name}'";
                continue;
            }

            var shapeType = model.Shape(shapeName)["type"]!.GetValue<string>();
            JsonNode node = shapeType is "integer" or "long" && long.TryParse(value, out var n) ? JsonValue.Create(n) : JsonValue.Create(value);
            foreach (var e in ShapeValidator.ValidateShape(model, shapeName, node))
            {
                yield return $"{operation} query {name}: {e}";
            }
        }
    }

    private static List<(string Method, Regex Path, string Operation)> BuildRoutes()
    {
        var routes = new List<(string Method, Regex Path, string Operation)>();
        foreach (var (name, op) in ServiceModel.MediaLive.Operations)
        {
            var http = op!["http"]!;
            var template = http["requestUri"]!.GetValue<string>().Split('?')[0];
            var pattern = "^" + Regex.Replace(Regex.Escape(template), @"\\\{[^}]+\}", "[^/]+") + "$";
            routes.Add((http["method"]!.GetValue<string>(), new Regex(pattern, RegexOptions.CultureInvariant), name));
        }

        // Literal paths before templated ones: /prod/channels/{id}/alerts must not match a shorter template wrongly.
        return [.. routes.OrderByDescending(r => r.Path.ToString().Length)];
    }
}
