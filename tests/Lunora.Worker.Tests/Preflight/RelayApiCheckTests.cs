using Lunora.Worker.Preflight;
using Lunora.Worker.Relay;
using Lunora.Worker.Tests.RealVideo;
using Lunora.Worker.Tests.Relay;
using Lunora.Worker.Tests.RelayStandIn;

namespace Lunora.Worker.Tests.Preflight;

/// <summary><c>check</c>'s relay row against the stand-in's real API: reachable and authenticated, or why not.</summary>
public sealed class RelayApiCheckTests : IAsyncLifetime
{
    private RelayClientHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await RelayClientHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [RealVideoFact]
    public async Task RunAsync_RightCredentials_Passes()
    {
        var result = await new RelayApiCheck(_harness.Client()).RunAsync(CancellationToken.None);

        Assert.Equal(PreflightStatus.Pass, result.Status);
    }

    [RealVideoFact]
    public async Task RunAsync_WrongPassword_FailsNamingTheCredentialsSettingNotThePassword()
    {
        var result = await new RelayApiCheck(_harness.Client(credentials: new RelayCredentials(StandInRelay.User, "wrong-password-1234"))).RunAsync(CancellationToken.None);

        Assert.Equal(PreflightStatus.Fail, result.Status);
        Assert.Contains(RelaySettings.CredentialsVariable, result.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-1234", result.Detail + result.Fix, StringComparison.Ordinal);
    }

    [RealVideoFact]
    public async Task RunAsync_Unreachable_FailsNamingTheUrlsSetting()
    {
        var result = await new RelayApiCheck(_harness.Client(address: new Uri("http://127.0.0.1:9/"))).RunAsync(CancellationToken.None);

        Assert.Equal(PreflightStatus.Fail, result.Status);
        Assert.Contains(RelaySettings.UrlsVariable, result.Fix, StringComparison.Ordinal);
    }
}
