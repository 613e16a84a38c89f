using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lunora.Domain.Desired;

namespace Lunora.Worker.Encodings;

/// <summary>
/// Maps an <see cref="EncodingPreset"/> to the H.264 video and AAC audio descriptions of the outputs Lunora manages
/// (docs/presets.md says why each setting). The descriptions are Lunora-owned by name: <c>lunora-v-{presetId}</c> and
/// <c>lunora-a-{presetId}</c>; every destination on the same preset shares one encode.
/// </summary>
public static partial class PresetEncoding
{
    public const string VideoPrefix = "lunora-v-";
    public const string AudioPrefix = "lunora-a-";

    /// <summary>Platforms ingest closed 2-second GOPs; counted in seconds it holds for 29.97 and 30 alike.</summary>
    public const double GopSeconds = 2;

    public const int BFrames = 3;
    public const int AudioSampleRate = 48_000;

    /// <summary>A preset Lunora can encode: an id that is safe in a description name, a resolution and a video bitrate.</summary>
    public static bool IsUsable(EncodingPreset? preset) =>
        preset is { Width: > 0, Height: > 0, VideoBitrate: >= 1_000 } && IsSafeId(preset.Id);

    /// <summary>Ids that make a readable description name and can be read back from it.</summary>
    public static bool IsSafeId(string? presetId) => presetId is not null && SafeId().IsMatch(presetId);

    public static string VideoName(string presetId) => VideoPrefix + presetId;

    public static string AudioName(string presetId) => AudioPrefix + presetId;

    /// <summary>Whether a description name is in Lunora's namespace (video or audio).</summary>
    public static bool IsOwnedName(string? name) =>
        name is not null && (name.StartsWith(VideoPrefix, StringComparison.Ordinal) || name.StartsWith(AudioPrefix, StringComparison.Ordinal));

    /// <summary>The preset a Lunora video description encodes, or null for any other description.</summary>
    public static string? PresetOfVideo(string? videoDescriptionName) =>
        videoDescriptionName is not null && videoDescriptionName.StartsWith(VideoPrefix, StringComparison.Ordinal)
            && IsSafeId(videoDescriptionName[VideoPrefix.Length..])
            ? videoDescriptionName[VideoPrefix.Length..]
            : null;

    public static JsonObject Video(EncodingPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        if (!IsUsable(preset))
        {
            throw new ArgumentException($"Preset {preset.Id} has no usable resolution or video bitrate.", nameof(preset));
        }

        var bitrate = preset.VideoBitrate!.Value;
        var profile = Profile(preset.Profile);
        // Baseline has no B-frames; MAIN and HIGH get them, referenced, for quality per bit.
        var bFrames = profile == "BASELINE" ? 0 : BFrames;
        var h264 = new JsonObject
        {
            ["adaptiveQuantization"] = "HIGH",
            ["afdSignaling"] = "NONE",
            ["bitrate"] = bitrate,
            ["bufSize"] = 2 * bitrate,
            ["colorMetadata"] = "INSERT",
            ["entropyEncoding"] = profile == "BASELINE" ? "CAVLC" : "CABAC",
            ["flickerAq"] = "ENABLED",
            ["framerateControl"] = "INITIALIZE_FROM_SOURCE",
            ["gopBReference"] = bFrames > 0 ? "ENABLED" : "DISABLED",
            ["gopClosedCadence"] = 1,
            ["gopNumBFrames"] = bFrames,
            ["gopSize"] = GopSeconds,
            ["gopSizeUnits"] = "SECONDS",
            ["level"] = "H264_LEVEL_AUTO",
            ["lookAheadRateControl"] = "HIGH",
            ["parControl"] = "INITIALIZE_FROM_SOURCE",
            ["profile"] = profile,
            ["rateControlMode"] = "CBR",
            ["scanType"] = "PROGRESSIVE",
            ["sceneChangeDetect"] = "ENABLED",
            ["spatialAq"] = "ENABLED",
            ["temporalAq"] = "ENABLED",
        };
        return new JsonObject
        {
            ["codecSettings"] = new JsonObject { ["h264Settings"] = h264 },
            ["height"] = preset.Height!.Value,
            ["name"] = VideoName(preset.Id),
            ["respondToAfd"] = "NONE",
            ["scalingBehavior"] = "DEFAULT",
            ["sharpness"] = 50,
            ["width"] = preset.Width!.Value,
        };
    }

    /// <param name="audioSelectorName">The input audio the channel's own descriptions already use.</param>
    public static JsonObject Audio(EncodingPreset preset, string audioSelectorName)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentException.ThrowIfNullOrEmpty(audioSelectorName);
        return new JsonObject
        {
            ["audioSelectorName"] = audioSelectorName,
            ["audioTypeControl"] = "FOLLOW_INPUT",
            ["codecSettings"] = new JsonObject
            {
                ["aacSettings"] = new JsonObject
                {
                    ["bitrate"] = (double)AudioBitrate(preset.AudioBitrate),
                    ["codingMode"] = "CODING_MODE_2_0",
                    ["inputType"] = "NORMAL",
                    ["profile"] = "LC",
                    ["rateControlMode"] = "CBR",
                    ["rawFormat"] = "NONE",
                    ["sampleRate"] = (double)AudioSampleRate,
                    ["spec"] = "MPEG4",
                },
            },
            ["languageCodeControl"] = "FOLLOW_INPUT",
            ["name"] = AudioName(preset.Id),
        };
    }

    /// <summary>The AAC-LC stereo bitrates MediaLive accepts at 48 kHz; a preset's value snaps to the nearest.</summary>
    internal static int AudioBitrate(int? requested)
    {
        int[] allowed = [64_000, 96_000, 128_000, 160_000, 192_000, 256_000, 320_000];
        var wanted = requested ?? 128_000;
        return allowed.MinBy(a => Math.Abs(a - wanted));
    }

    internal static string Profile(string? stored) => stored?.Trim().ToUpperInvariant() switch
    {
        "MAIN" => "MAIN",
        "BASELINE" => "BASELINE",
        // HIGH is what every platform ingests and the best quality per bit; anything unknown gets it too.
        _ => "HIGH",
    };

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeId();
}
