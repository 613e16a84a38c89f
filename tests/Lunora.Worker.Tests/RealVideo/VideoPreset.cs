using System.Text.Json.Nodes;

namespace Lunora.Worker.Tests.RealVideo;

/// <summary>
/// A preset as MediaLive H.264 + AAC descriptions the way issue 9 asks for them: CBR at the bitrate, buffer twice the
/// bitrate, 2-second closed GOP counted in seconds, 3 B-frames, HIGH profile, frame rate from the source, AAC 48 kHz.
/// </summary>
public sealed record VideoPreset(string Name, int Width, int Height, int VideoBitrate, int AudioBitrate = 128000)
{
    public static VideoPreset P1080 { get; } = new("1080p30-6M", 1920, 1080, 6_000_000, 160_000);

    public static VideoPreset P720 { get; } = new("720p30-3.5M", 1280, 720, 3_500_000);

    public static VideoPreset P480 { get; } = new("480p30-1.5M", 854, 480, 1_500_000, 96_000);

    public string VideoDescriptionName => "v-" + Name.Replace('.', '_');

    public JsonObject VideoDescription() => new()
    {
        ["name"] = VideoDescriptionName,
        ["width"] = Width,
        ["height"] = Height,
        ["scalingBehavior"] = "DEFAULT",
        ["respondToAfd"] = "NONE",
        ["sharpness"] = 50,
        ["codecSettings"] = new JsonObject
        {
            ["h264Settings"] = new JsonObject
            {
                ["rateControlMode"] = "CBR",
                ["bitrate"] = VideoBitrate,
                ["bufSize"] = 2 * VideoBitrate,
                ["gopSize"] = 2.0,
                ["gopSizeUnits"] = "SECONDS",
                ["gopClosedCadence"] = 1,
                ["gopNumBFrames"] = 3,
                ["gopBReference"] = "ENABLED",
                ["profile"] = "HIGH",
                ["level"] = "H264_LEVEL_AUTO",
                ["framerateControl"] = "INITIALIZE_FROM_SOURCE",
                ["sceneChangeDetect"] = "ENABLED",
                ["adaptiveQuantization"] = "AUTO",
                ["lookAheadRateControl"] = "MEDIUM",
                ["entropyEncoding"] = "CABAC",
                ["scanType"] = "PROGRESSIVE",
            },
        },
    };

    public JsonObject AudioDescription() => new()
    {
        ["name"] = "a-aac",
        ["audioSelectorName"] = "default",
        ["codecSettings"] = new JsonObject
        {
            ["aacSettings"] = new JsonObject
            {
                ["bitrate"] = (double)AudioBitrate,
                ["sampleRate"] = 48000.0,
                ["codingMode"] = "CODING_MODE_2_0",
                ["profile"] = "LC",
                ["rateControlMode"] = "CBR",
                ["spec"] = "MPEG4",
            },
        },
    };
}
