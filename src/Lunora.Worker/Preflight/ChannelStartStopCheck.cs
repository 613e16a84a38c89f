namespace Lunora.Worker.Preflight;

/// <summary>
/// StartChannel and StopChannel: not probed. Neither takes anything but the channel id, so there is no request that
/// fails validation after authorisation; a start of a RUNNING or a stop of an IDLE channel is refused for its state
/// after authorisation, but the state can change between the describe and the call (the running worker starts and
/// stops it), and then the probe would start a billed channel or cut a live stream. The row says so; the grant comes
/// from the same per-channel policy as DescribeChannel and UpdateChannel, which are probed, and the template/code
/// cross-check tests pin that StartChannel and StopChannel are in it.
/// </summary>
public sealed class ChannelStartStopCheck(string channelId) : IPreflightCheck
{
    public string Name => $"start/stop {channelId}";

    public string Permission => "medialive:StartChannel, medialive:StopChannel";

    public Task<PreflightResult> RunAsync(CancellationToken cancellationToken) =>
        Task.FromResult(PreflightResult.Note(
            Name,
            "not probed: no call changes nothing (granted with DescribeChannel/UpdateChannel by the stack's per-channel policy)"));
}
