using static Lunora.Worker.Doctor.ChannelReading;

namespace Lunora.Worker.Doctor;

/// <summary>
/// An input whose class does not match the channel's (DescribeInput's inputClass against channelClass). A STANDARD channel
/// on a SINGLE_PIPELINE input feeds only one of its two pipelines, so it pays for redundancy it does not get; a
/// SINGLE_PIPELINE channel on a STANDARD input uses one of the input's two endpoints, and a source sending to the other
/// is not seen at all.
/// </summary>
public sealed class InputClassRule : IDoctorRule
{
    public IEnumerable<Finding> Check(DoctorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var channelClass = Text(input.Channel["channelClass"]) ?? "STANDARD";
        foreach (var attached in input.Inputs)
        {
            var inputClass = Text(attached["inputClass"]);
            if (inputClass is null || inputClass == channelClass)
            {
                continue;
            }

            var fix = channelClass == "STANDARD"
                ? "attach a STANDARD input (two endpoints, one per pipeline) and send the source to both, or make the channel SINGLE_PIPELINE (UpdateChannelClass) if redundancy is not wanted"
                : "send the source to the input endpoint pipeline 0 reads (the first destination of the input), or attach a SINGLE_PIPELINE input";
            yield return new Finding(
                "input-class",
                $"input {Text(attached["id"]) ?? "?"} ({Text(attached["name"]) ?? "unnamed"})",
                $"the input is {inputClass} but the channel is {channelClass}",
                fix);
        }
    }
}
