namespace Lunora.Worker.Aws;

/// <summary>What identifies an AWS service for endpoint resolution and signing.</summary>
/// <param name="EnvironmentName">Suffix of its <c>AWS_ENDPOINT_URL_*</c> variable, e.g. MEDIALIVE.</param>
/// <param name="EndpointPrefix">Host prefix of its public endpoint, e.g. monitoring.</param>
/// <param name="SigningName">SigV4 service name.</param>
public sealed record AwsService(string EnvironmentName, string EndpointPrefix, string SigningName)
{
    public static readonly AwsService MediaLive = new("MEDIALIVE", "medialive", "medialive");

    public static readonly AwsService CloudWatch = new("CLOUDWATCH", "monitoring", "monitoring");

    /// <summary>Only <c>check</c> calls it (ListTargetsByRule).</summary>
    public static readonly AwsService EventBridge = new("EVENTBRIDGE", "events", "events");
}
