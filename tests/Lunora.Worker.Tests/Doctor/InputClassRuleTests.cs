using System.Text.Json.Nodes;
using Lunora.Worker.Doctor;
using static Lunora.Worker.Tests.Doctor.DoctorChannels;

namespace Lunora.Worker.Tests.Doctor;

public sealed class InputClassRuleTests
{
    [Theory]
    [InlineData("STANDARD", "SINGLE_PIPELINE", true)]
    [InlineData("SINGLE_PIPELINE", "STANDARD", true)]
    [InlineData("STANDARD", "STANDARD", false)]
    [InlineData("SINGLE_PIPELINE", "SINGLE_PIPELINE", false)]
    public void Check_InputClassAgainstChannelClass_FlagsOnlyAMismatch(string channelClass, string inputClass, bool expected)
    {
        var channel = Good();
        channel["channelClass"] = channelClass;
        var input = Input(channel) with { Inputs = [new JsonObject { ["id"] = "in-1", ["name"] = "obs", ["inputClass"] = inputClass }] };

        var findings = new InputClassRule().Check(input).ToList();

        Assert.Equal(expected, findings.Count == 1);
        if (expected)
        {
            Assert.Equal("input in-1 (obs)", findings[0].Subject);
            Assert.Contains($"the input is {inputClass} but the channel is {channelClass}", findings[0].Problem, StringComparison.Ordinal);
        }
    }
}
