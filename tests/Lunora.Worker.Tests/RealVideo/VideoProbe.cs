using System.Globalization;
using System.Text.RegularExpressions;

namespace Lunora.Worker.Tests.RealVideo;

/// <summary>ffprobe frame counts and ffmpeg PSNR/SSIM of recordings against the regenerated test pattern.</summary>
public static partial class VideoProbe
{
    /// <summary>Decoded video frames in one recording (ffprobe -count_frames).</summary>
    public static async Task<int> CountFramesAsync(string file)
    {
        var (code, output, error) = await VideoTools.RunAsync(
            VideoTools.Ffprobe,
            ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", file],
            TimeSpan.FromSeconds(60));
        Assert.True(code == 0, $"ffprobe {file}: {error}");
        var text = output.Trim().TrimEnd(',');
        return text.Length == 0 || text == "N/A" ? 0 : int.Parse(text, CultureInfo.InvariantCulture);
    }

    public static async Task<int> CountFramesAsync(IEnumerable<string> files)
    {
        var total = 0;
        foreach (var file in files)
        {
            total += await CountFramesAsync(file);
        }

        return total;
    }

    /// <summary>
    /// Video frames of <paramref name="files"/> with a timestamp up to <paramref name="lastPts"/> (+ half a frame): the
    /// frames of the measured window. The source runs on past the window, so the encoder's look-ahead (about a second,
    /// only flushed when the input ends) does not count as loss.
    /// </summary>
    public static async Task<int> CountFramesUpToAsync(IEnumerable<string> files, long lastPts)
    {
        var total = 0;
        foreach (var file in files)
        {
            total += (await VideoTimestampsAsync(file)).Count(pts => pts <= lastPts + 16);
        }

        return total;
    }

    /// <summary>Video packet timestamps (ms) of a recording, to see which source frames a receiver got.</summary>
    public static async Task<IReadOnlyList<long>> VideoTimestampsAsync(string file)
    {
        var (code, output, error) = await VideoTools.RunAsync(
            VideoTools.Ffprobe,
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts", "-of", "csv=p=0", file],
            TimeSpan.FromSeconds(60));
        Assert.True(code == 0, $"ffprobe {file}: {error}");
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.TrimEnd(','))
            .Where(l => l.Length > 0 && l != "N/A")
            .Select(l => long.Parse(l, CultureInfo.InvariantCulture))];
    }

    /// <summary>
    /// Average PSNR (dB) and SSIM of a recording against the test pattern at the recording's resolution. Both sides get
    /// 1/30 timebases starting at 0 first, or each frame would be compared with its neighbour.
    /// </summary>
    public static async Task<(double Psnr, double Ssim)> CompareAsync(string file, int width, int height) =>
        await CompareAsync(file, width, height, width, height);

    /// <summary>As above for a channel that scales: the reference is the source-size pattern scaled like the channel does.</summary>
    public static async Task<(double Psnr, double Ssim)> CompareAsync(string file, int width, int height, int sourceWidth, int sourceHeight)
    {
        var scale = width == sourceWidth && height == sourceHeight ? string.Empty : $"scale={width.ToString(CultureInfo.InvariantCulture)}:{height.ToString(CultureInfo.InvariantCulture)},";
        var graph = "[0:v]settb=1/30,setpts=PTS-STARTPTS,split[d1][d2];"
            + $"[1:v]{scale}settb=1/30,setpts=PTS-STARTPTS,split[r1][r2];"
            + "[d1][r1]psnr=shortest=1[p];[d2][r2]ssim=shortest=1[s]";
        var (code, _, error) = await VideoTools.RunAsync(
            VideoTools.Ffmpeg,
            ["-hide_banner", "-nostdin", "-i", file, "-f", "lavfi", "-i", RealVideoFixture.Reference(sourceWidth, sourceHeight), "-filter_complex", graph,
             "-map", "[p]", "-f", "null", "-", "-map", "[s]", "-f", "null", "-"],
            TimeSpan.FromSeconds(120));
        Assert.True(code == 0, $"ffmpeg psnr/ssim {file}: {error}");
        var psnr = PsnrLine().Match(error);
        var ssim = SsimLine().Match(error);
        Assert.True(psnr.Success && ssim.Success, $"no PSNR/SSIM in ffmpeg output: {error}");
        return (ParseDb(psnr.Groups[1].Value), double.Parse(ssim.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    private static double ParseDb(string text) => text == "inf" ? double.PositiveInfinity : double.Parse(text, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"PSNR .*average:([0-9.]+|inf)")]
    private static partial Regex PsnrLine();

    [GeneratedRegex(@"SSIM .*All:([0-9.]+)")]
    private static partial Regex SsimLine();
}
