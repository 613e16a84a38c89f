using System.Globalization;
using System.Text.Json.Nodes;

namespace Lunora.Emulator.RealVideo;

/// <summary>
/// One channel run turned into one ffmpeg command (pull the push input, encode once per the channel's H.264 and AAC
/// descriptions, write FLV to stdout and HLS groups to folders) and the RTMP targets the FLV is fanned out to.
/// Stream names are only in <see cref="Targets"/>, never in <see cref="Arguments"/>.
/// </summary>
internal sealed record EncoderPlan(IReadOnlyList<string> Arguments, IReadOnlyList<RtmpTarget> Targets, IReadOnlyList<HlsTarget> Hls)
{
    public static EncoderPlan From(ChannelSnapshot channel, RealVideoOptions options)
    {
        var encoder = channel.Config["encoderSettings"] as JsonObject ?? [];
        var groups = (encoder["outputGroups"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var targets = new List<RtmpTarget>();
        var hls = new List<HlsTarget>();
        foreach (var group in groups)
        {
            var name = (string?)group["name"] ?? string.Empty;
            var settings = group["outputGroupSettings"];
            if (settings?["rtmpGroupSettings"] is JsonObject rtmpGroup)
            {
                var restart = TimeSpan.FromSeconds((int?)rtmpGroup["restartDelay"] ?? 15);
                foreach (var output in (group["outputs"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    var rtmp = output["outputSettings"]?["rtmpOutputSettings"];
                    var destination = Destination(channel.Config, (string?)rtmp?["destination"]?["destinationRefId"]);
                    var retry = TimeSpan.FromSeconds((int?)rtmp?["connectionRetryInterval"] ?? 2);
                    var retries = (int?)rtmp?["numRetries"] ?? 10;
                    for (var p = 0; p < channel.PipelineCount; p++)
                    {
                        if (destination?["settings"] is JsonArray s && p < s.Count && (string?)s[p]?["url"] is { Length: > 0 } url)
                        {
                            targets.Add(new RtmpTarget(name, p, url, (string?)s[p]?["streamName"] ?? string.Empty, retry, retries, restart));
                        }
                    }
                }
            }
            else if (settings?["hlsGroupSettings"] is JsonObject hlsGroup && options.HlsFolder is { } folder)
            {
                var playlist = Path.Combine(folder, channel.ChannelId, name, "index.m3u8");
                hls.Add(new HlsTarget(name, playlist, (int?)hlsGroup["segmentLength"] ?? 10));
            }
        }

        var (video, audio) = PickDescriptions(encoder, groups);
        var args = new List<string> { "-hide_banner", "-nostdin", "-loglevel", "warning", "-nostats" };
        args.AddRange(["-rw_timeout", ((long)options.InputTimeout.TotalMicroseconds).ToString(CultureInfo.InvariantCulture)]);
        // Output timestamps stay those of the input, so a receiver's frames line up with what OBS sent (frame accounting).
        args.Add("-copyts");
        args.AddRange(["-i", channel.InputUrl ?? throw new InvalidOperationException($"Channel {channel.ChannelId} has no RTMP push input URL.")]);
        args.AddRange(["-map", "0:v:0?", "-map", "0:a:0?"]);
        args.AddRange(VideoArguments(video, options.X264Preset));
        args.AddRange(AudioArguments(audio));
        // Tee and FLV need the codec headers out of band (without it the FLV slave gets no AVC sequence header).
        args.AddRange(["-flags:a", "+global_header"]);
        if (hls.Count == 0)
        {
            args.AddRange(["-f", "flv", "pipe:1"]);
        }
        else
        {
            var slaves = hls.Select(h => $"[f=hls:hls_time={h.SegmentSeconds.ToString(CultureInfo.InvariantCulture)}:hls_list_size=0:onfail=ignore]{h.Playlist}");
            args.AddRange(["-f", "tee", string.Join('|', ["[f=flv]pipe:1", .. slaves])]);
        }

        return new EncoderPlan(args, targets, hls);
    }

    /// <summary>The video description of the first RTMP output (the one Lunora manages), else the first H.264 one.</summary>
    private static (JsonObject? Video, JsonObject? Audio) PickDescriptions(JsonObject encoder, List<JsonObject> groups)
    {
        var videos = (encoder["videoDescriptions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var audios = (encoder["audioDescriptions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var outputs = groups
            .OrderBy(g => g["outputGroupSettings"]?["rtmpGroupSettings"] is null ? 1 : 0)
            .SelectMany(g => (g["outputs"] as JsonArray ?? []).OfType<JsonObject>())
            .ToList();
        var videoName = outputs.Select(o => (string?)o["videoDescriptionName"]).FirstOrDefault(n => n is not null);
        var video = videos.FirstOrDefault(v => (string?)v["name"] == videoName && v["codecSettings"]?["h264Settings"] is not null)
            ?? videos.FirstOrDefault(v => v["codecSettings"]?["h264Settings"] is not null);
        var audioName = outputs.SelectMany(o => (o["audioDescriptionNames"] as JsonArray ?? []).Select(n => (string?)n)).FirstOrDefault();
        var audio = audios.FirstOrDefault(a => (string?)a["name"] == audioName) ?? audios.FirstOrDefault();
        return (video, audio);
    }

    internal static List<string> VideoArguments(JsonObject? video, string preset)
    {
        var h264 = video?["codecSettings"]?["h264Settings"] as JsonObject ?? [];
        var args = new List<string> { "-c:v", "libx264", "-preset", preset, "-pix_fmt", "yuv420p" };
        var x264 = new List<string>();
        if ((int?)video?["width"] is { } width && (int?)video?["height"] is { } height)
        {
            args.AddRange(["-vf", $"scale={Text(width)}:{Text(height)}"]);
        }

        var bitrate = (int?)h264["bitrate"];
        var maxBitrate = (int?)h264["maxBitrate"];
        var bufSize = (int?)h264["bufSize"];
        switch ((string?)h264["rateControlMode"])
        {
            case "CBR" when bitrate is { } b:
                args.AddRange(["-b:v", Text(b), "-minrate", Text(b), "-maxrate", Text(b), "-bufsize", Text(bufSize ?? 2 * b)]);
                x264.Add("nal-hrd=cbr");
                break;
            case "QVBR":
                // x264 has no QVBR: a CRF that falls as the quality level rises, capped by maxBitrate.
                args.AddRange(["-crf", Text(Math.Clamp(41 - (2 * ((int?)h264["qvbrQualityLevel"] ?? 7)), 16, 40))]);
                AddCap(args, maxBitrate ?? bitrate, bufSize);
                break;
            default:
                if (bitrate is { } vbr)
                {
                    args.AddRange(["-b:v", Text(vbr)]);
                }

                AddCap(args, maxBitrate, bufSize);
                break;
        }

        var fps = (string?)h264["framerateControl"] == "SPECIFIED"
            && (int?)h264["framerateNumerator"] is { } num && (int?)h264["framerateDenominator"] is { } den && den > 0
            ? (double)num / den
            : (double?)null;
        if (fps is not null)
        {
            args.AddRange(["-r", $"{Text((int)h264["framerateNumerator"]!)}/{Text((int)h264["framerateDenominator"]!)}"]);
        }
        else
        {
            args.AddRange(["-fps_mode", "passthrough"]);
        }

        var gop = (double?)h264["gopSize"] ?? 90;
        if ((string?)h264["gopSizeUnits"] == "SECONDS")
        {
            // Keyframes every gop seconds whatever the source frame rate and first timestamp; -g only bounds it from above.
            args.AddRange(["-force_key_frames", $"expr:if(isnan(prev_forced_t),1,gte(t-prev_forced_t,{Text(gop)}))"]);
            args.AddRange(["-g", Text((int)Math.Ceiling(gop * (fps ?? 60)))]);
        }
        else
        {
            args.AddRange(["-g", Text((int)gop)]);
        }

        // One -flags:v: a second one would replace the first rather than add to it.
        args.AddRange(["-flags:v", (int?)h264["gopClosedCadence"] is > 0 ? "+global_header+cgop" : "+global_header"]);

        if ((int?)h264["gopNumBFrames"] is { } bFrames)
        {
            args.AddRange(["-bf", Text(bFrames)]);
        }

        if ((string?)h264["gopBReference"] == "DISABLED")
        {
            x264.Add("b-pyramid=none");
        }

        if ((int?)h264["numRefFrames"] is { } refs)
        {
            args.AddRange(["-refs", Text(refs)]);
        }

        var profile = ((string?)h264["profile"])?.Split('_')[0].ToLowerInvariant();
        if (profile is "baseline" or "main" or "high")
        {
            args.AddRange(["-profile:v", profile]);
        }

        if ((string?)h264["level"] is { } level && level.StartsWith("H264_LEVEL_", StringComparison.Ordinal) && level != "H264_LEVEL_AUTO")
        {
            args.AddRange(["-level:v", level["H264_LEVEL_".Length..].Replace('_', '.')]);
        }

        if ((string?)h264["sceneChangeDetect"] == "DISABLED")
        {
            args.AddRange(["-sc_threshold", "0"]);
        }

        if ((string?)h264["adaptiveQuantization"] == "OFF")
        {
            x264.Add("aq-mode=0");
        }

        if ((string?)h264["lookAheadRateControl"] is { } lookAhead)
        {
            x264.Add("rc-lookahead=" + lookAhead switch { "LOW" => "10", "MEDIUM" => "20", _ => "40" });
        }

        if ((string?)h264["entropyEncoding"] == "CAVLC")
        {
            args.AddRange(["-coder", "0"]);
        }

        if ((int?)h264["slices"] is { } slices)
        {
            args.AddRange(["-slices", Text(slices)]);
        }

        if (x264.Count > 0)
        {
            args.AddRange(["-x264-params", string.Join(':', x264)]);
        }

        return args;
    }

    internal static List<string> AudioArguments(JsonObject? audio)
    {
        var aac = audio?["codecSettings"]?["aacSettings"] as JsonObject ?? [];
        var args = new List<string> { "-c:a", "aac" };
        args.AddRange(["-b:a", Text((int?)(double?)aac["bitrate"] ?? 128000)]);
        args.AddRange(["-ar", Text((int?)(double?)aac["sampleRate"] ?? 48000)]);
        args.AddRange(["-ac", (string?)aac["codingMode"] == "CODING_MODE_1_0" ? "1" : "2"]);
        return args;
    }

    private static void AddCap(List<string> args, int? maxBitrate, int? bufSize)
    {
        if (maxBitrate is { } max)
        {
            args.AddRange(["-maxrate", Text(max), "-bufsize", Text(bufSize ?? 2 * max)]);
        }
    }

    private static JsonObject? Destination(JsonObject config, string? refId) =>
        (config["destinations"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(d => (string?)d["id"] == refId);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
