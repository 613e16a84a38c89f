using System.Net;
using Amazon.DynamoDBv2;
using Lunora.Worker.Aws;
using Lunora.Worker.Preflight;

namespace Lunora.Worker.Tests.Preflight;

public sealed class PreflightRunnerTests
{
    private static readonly PreflightRetryOptions Quick = new(2, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(5));

    [Fact]
    public async Task RunAsync_TransientThenPass_RetriedAndPasses()
    {
        var check = new ScriptedCheck(
            new AmazonDynamoDBException("busy") { ErrorCode = "InternalServerError", StatusCode = HttpStatusCode.InternalServerError },
            new AmazonDynamoDBException("slow down") { ErrorCode = "ThrottlingException", StatusCode = HttpStatusCode.BadRequest });

        var report = await new PreflightRunner(TimeProvider.System, Quick).RunAsync([check], CancellationToken.None);

        Assert.True(report.Passed);
        Assert.Equal(3, check.Attempts);
    }

    [Fact]
    public async Task RunAsync_TransientEveryTime_FailsAfterBoundedAttempts()
    {
        var check = new ScriptedCheck(Enumerable.Repeat<Exception>(new HttpRequestException("connection refused"), 10).ToArray());

        var report = await new PreflightRunner(TimeProvider.System, Quick).RunAsync([check], CancellationToken.None);

        var result = Assert.Single(report.Results);
        Assert.Equal(PreflightStatus.Fail, result.Status);
        Assert.Contains("cannot reach the service", result.Detail, StringComparison.Ordinal);
        Assert.Equal(3, check.Attempts);
    }

    [Fact]
    public async Task RunAsync_MediaLiveErrorAfterItsOwnRetries_NotRetriedAgain()
    {
        var check = new ScriptedCheck(new AwsServiceException(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "busy"));

        var report = await new PreflightRunner(TimeProvider.System, Quick).RunAsync([check], CancellationToken.None);

        Assert.Equal("ServiceUnavailable (503)", Assert.Single(report.Results).Detail);
        Assert.Equal(1, check.Attempts);
    }

    [Fact]
    public async Task RunAsync_AccessDenied_NotRetriedFixNamesPermission()
    {
        var check = new ScriptedCheck(new AmazonDynamoDBException("no") { ErrorCode = "AccessDeniedException", StatusCode = HttpStatusCode.BadRequest });

        var report = await new PreflightRunner(TimeProvider.System, Quick).RunAsync([check], CancellationToken.None);

        var result = Assert.Single(report.Results);
        Assert.Equal(PreflightStatus.Fail, result.Status);
        Assert.Equal("access denied (AccessDeniedException)", result.Detail);
        Assert.Contains("allow test:Action", result.Fix, StringComparison.Ordinal);
        Assert.Equal(1, check.Attempts);
    }

    [Fact]
    public async Task RunAsync_SkipAndPass_ReportPasses()
    {
        var report = new PreflightReport([PreflightResult.Pass("a", "ok"), PreflightResult.Skip("b", "n/a")]);

        Assert.True(report.Passed);
        Assert.False(new PreflightReport([PreflightResult.Pass("a", "ok"), PreflightResult.Fail("c", "x", "y")]).Passed);
        await Task.CompletedTask;
    }

    private sealed class ScriptedCheck(params Exception[] failures) : IPreflightCheck
    {
        public int Attempts { get; private set; }

        public string Name => "scripted";

        public string Permission => "test:Action";

        public Task<PreflightResult> RunAsync(CancellationToken cancellationToken)
        {
            var attempt = Attempts++;
            return attempt < failures.Length ? Task.FromException<PreflightResult>(failures[attempt]) : Task.FromResult(PreflightResult.Pass(Name, "ok"));
        }
    }
}
