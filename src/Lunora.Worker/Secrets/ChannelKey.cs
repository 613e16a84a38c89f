namespace Lunora.Worker.Secrets;

/// <summary>One pipeline of a managed output as the channel has it: the key only by fingerprint.</summary>
public sealed record ChannelKey(string GroupName, string Url, string Fingerprint);
