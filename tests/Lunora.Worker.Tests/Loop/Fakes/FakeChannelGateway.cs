using Lunora.Domain.Observed;
using Lunora.Domain.Planning;
using Lunora.Worker.MediaLive;

namespace Lunora.Worker.Tests.Loop.Fakes;

/// <summary>A channel that follows MediaLive's state rules instantly (no transition time), recording every mutation.</summary>
internal sealed class FakeChannelGateway : IChannelGateway
{
    public ChannelState State { get; set; } = ChannelState.Idle;

    public List<string> Mutations { get; } = [];

    public Task<ObservedChannel> ObserveAsync(string channelId, CancellationToken cancellationToken) =>
        Task.FromResult(new ObservedChannel(channelId, ChannelClass.Standard, State, [], "fp"));

    public Task ApplyOutputsAsync(string channelId, UpdateOutputs action, CancellationToken cancellationToken)
    {
        Require(ChannelState.Idle, "update");
        Mutations.Add("update");
        return Task.CompletedTask;
    }

    public Task StartAsync(string channelId, CancellationToken cancellationToken)
    {
        Require(ChannelState.Idle, "start");
        Mutations.Add("start");
        State = ChannelState.Running;
        return Task.CompletedTask;
    }

    public Task StopAsync(string channelId, CancellationToken cancellationToken)
    {
        Require(ChannelState.Running, "stop");
        Mutations.Add("stop");
        State = ChannelState.Idle;
        return Task.CompletedTask;
    }

    private void Require(ChannelState state, string what)
    {
        if (State != state)
        {
            throw new InvalidOperationException($"{what} while {State}");
        }
    }
}
