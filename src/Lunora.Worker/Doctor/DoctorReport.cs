using static Lunora.Worker.Doctor.ChannelReading;

namespace Lunora.Worker.Doctor;

/// <summary>The doctor's findings as people read them: one block per finding, problem then fix.</summary>
public static class DoctorReport
{
    public static async Task WriteAsync(DoctorResult result, DoctorOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var channel = result.Channel;
        var spec = channel["inputSpecification"];
        await output.WriteLineAsync(
            $"Channel {Text(channel["id"])} ({Text(channel["name"])}): {Text(channel["channelClass"]) ?? "STANDARD"}, {Text(channel["state"])}; "
            + $"input {Text(spec?["codec"]) ?? "AVC"} {Text(spec?["resolution"]) ?? "HD"} {Text(spec?["maximumBitrate"]) ?? "MAX_20_MBPS"}; "
            + $"metrics over the last {options.Window.TotalMinutes:0} min; source keyframe interval {SourceKeyframes(result, options)}");
        if (result.DestinationsProblem is { } problem)
        {
            await output.WriteLineAsync($"(Lunora's destinations could not be read: {problem}; backup URLs are not known)");
        }

        foreach (var unread in result.Unread)
        {
            await output.WriteLineAsync($"(not read, so not examined: {unread})");
        }

        if (result.Findings.IsEmpty)
        {
            await output.WriteLineAsync("No findings.");
            return;
        }

        await output.WriteLineAsync($"{result.Findings.Length} finding(s):");
        var number = 0;
        foreach (var finding in result.Findings)
        {
            await output.WriteLineAsync($"{++number,3}. [{finding.Rule}]{(finding.IsNote ? " (note)" : "")} {finding.Subject}: {finding.Problem}");
            await output.WriteLineAsync($"     {(finding.IsNote ? "what to do" : "fix")}: {finding.Fix}");
        }
    }

    private static string SourceKeyframes(DoctorResult result, DoctorOptions options) =>
        result.Source is { KeyframeSeconds: { } measured } source
            ? $"{Format(measured)} s (measured over {source.Keyframes} keyframes{(source.Width is { } w && source.Height is { } h ? $", source {w}x{h}" : "")})"
            : options.SourceKeyframeSeconds is { } stated ? $"{Format(stated)} s (as stated)" : "unknown";
}
