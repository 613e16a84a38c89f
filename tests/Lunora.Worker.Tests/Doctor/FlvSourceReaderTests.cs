using System.Diagnostics;
using Lunora.Worker.Doctor;
using Lunora.Worker.Tests.RealVideo;

namespace Lunora.Worker.Tests.Doctor;

/// <summary>Real FLV made by ffmpeg (libx264, as OBS sends it): the measured keyframe interval and size are the encoder's settings.</summary>
public sealed class FlvSourceReaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lunora-flv-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(240, 8.0)] // OBS "auto"-like: a keyframe every 240 frames at 30 fps
    [InlineData(60, 2.0)]
    public async Task ReadAsync_X264FlvWithAFixedKeyframeInterval_MeasuresItAndTheSize(int gopFrames, double seconds)
    {
        var path = await EncodeAsync(gopFrames, durationSeconds: (int)(seconds * 4) + 1);

        await using var file = File.OpenRead(path);
        var measured = await FlvSourceReader.ReadAsync(file, CancellationToken.None);

        Assert.Equal(seconds, measured.KeyframeSeconds!.Value, 1);
        Assert.True(measured.Keyframes >= 3);
        Assert.Equal(320, measured.Width);
        Assert.Equal(180, measured.Height);
    }

    [Fact]
    public async Task ReadAsync_NotFlv_ClearError()
    {
        using var stream = new MemoryStream("not a video"u8.ToArray());

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => FlvSourceReader.ReadAsync(stream, CancellationToken.None));

        Assert.Contains("FLV signature", error.Message, StringComparison.Ordinal);
    }

    private async Task<string> EncodeAsync(int gopFrames, int durationSeconds)
    {
        var path = Path.Combine(_directory, $"gop{gopFrames}.flv");
        var start = new ProcessStartInfo(VideoTools.Ffmpeg)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var arg in new[]
                 {
                     "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", $"testsrc2=size=320x180:rate=30:duration={durationSeconds}",
                     "-c:v", "libx264", "-preset", "ultrafast", "-g", gopFrames.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-keyint_min", gopFrames.ToString(System.Globalization.CultureInfo.InvariantCulture), "-sc_threshold", "0", "-f", "flv", path,
                 })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "ffmpeg failed: " + error);
        return path;
    }
}
