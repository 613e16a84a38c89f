using Lunora.Worker.Doctor;
using static Lunora.Worker.Tests.Doctor.DoctorChannels;

namespace Lunora.Worker.Tests.Doctor;

public sealed class DoctorReportTests
{
    [Fact]
    public async Task WriteAsync_Findings_NumberedWithTheirFix()
    {
        var output = new StringWriter();
        var result = new DoctorResult(Good(), [new Finding("buffer", "video description v", "bufSize is not set", "set bufSize to 2")], null);

        await DoctorReport.WriteAsync(result, DoctorOptions.Default, output);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Channel 3714710 (obs): STANDARD, RUNNING; input AVC HD MAX_10_MBPS", lines[0], StringComparison.Ordinal);
        Assert.Equal("1 finding(s):", lines[1]);
        Assert.Equal("  1. [buffer] video description v: bufSize is not set", lines[2]);
        Assert.Equal("     fix: set bufSize to 2", lines[3]);
    }

    [Fact]
    public async Task WriteAsync_NoFindings_SaysSo()
    {
        var output = new StringWriter();

        await DoctorReport.WriteAsync(new DoctorResult(Good(), [], "AmazonDynamoDBException"), DoctorOptions.Default, output);

        Assert.Contains("No findings.", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("could not be read: AmazonDynamoDBException", output.ToString(), StringComparison.Ordinal);
    }
}
