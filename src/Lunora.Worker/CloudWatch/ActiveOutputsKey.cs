namespace Lunora.Worker.CloudWatch;

/// <summary>One output group on one pipeline: the dimension set ActiveOutputs is published under.</summary>
public sealed record ActiveOutputsKey(int Pipeline, string OutputGroupName);
