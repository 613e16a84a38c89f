using System.Net;

namespace Lunora.Worker.Aws;

/// <summary>A successful answer: status and raw body.</summary>
public sealed record AwsResponse(HttpStatusCode StatusCode, byte[] Body);
