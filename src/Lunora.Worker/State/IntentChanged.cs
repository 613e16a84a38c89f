namespace Lunora.Worker.State;

/// <summary>The intent of a channel may have changed: re-read and re-plan. <see cref="FullResync"/> marks the periodic one.</summary>
public readonly record struct IntentChanged(string ChannelId, bool FullResync);
