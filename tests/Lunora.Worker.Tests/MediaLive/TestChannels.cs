using System.Text.Json.Nodes;
using Lunora.Worker.Tests.Contract;

namespace Lunora.Worker.Tests.MediaLive;

/// <summary>Channel documents as DescribeChannel returns them.</summary>
public static class TestChannels
{
    /// <summary>
    /// Our production shape: RTMP push input, MediaPackage and HLS groups, several video/audio descriptions, captions,
    /// input loss behaviour, plus every describe-only member (arn, state, tags, pipelineDetails, egressEndpoints…).
    /// </summary>
    public const string RealisticJson = """
        {
          "arn": "arn:aws:medialive:us-west-2:111122223333:channel:3714710",
          "id": "3714710",
          "name": "lunora-player-prod-obs-rtmp-channel",
          "channelClass": "STANDARD",
          "state": "IDLE",
          "pipelinesRunningCount": 0,
          "pipelineDetails": [],
          "egressEndpoints": [{ "sourceIp": "203.0.113.10" }, { "sourceIp": "203.0.113.11" }],
          "tags": { "env": "prod" },
          "logLevel": "WARNING",
          "roleArn": "arn:aws:iam::111122223333:role/MediaLiveAccessRole",
          "maintenance": { "maintenanceDay": "TUESDAY", "maintenanceStartTime": "05:00", "maintenanceDeadline": "2026-12-01T05:00:00Z" },
          "channelEngineVersion": { "version": "1.0.0", "expirationDate": "2027-01-01T00:00:00Z" },
          "inputSpecification": { "codec": "AVC", "maximumBitrate": "MAX_20_MBPS", "resolution": "HD" },
          "inputAttachments": [
            {
              "inputAttachmentName": "obs-rtmp",
              "inputId": "7107272",
              "inputSettings": {
                "sourceEndBehavior": "CONTINUE",
                "inputFilter": "AUTO",
                "filterStrength": 1,
                "deblockFilter": "DISABLED",
                "denoiseFilter": "DISABLED",
                "audioSelectors": [{ "name": "audio-1", "selectorSettings": { "audioTrackSelection": { "tracks": [{ "track": 1 }] } } }],
                "captionSelectors": [{ "name": "cc-embedded", "selectorSettings": { "embeddedSourceSettings": { "convert608To708": "DISABLED", "scte20Detection": "OFF", "source608ChannelNumber": 1 } } }]
              }
            }
          ],
          "destinations": [
            { "id": "mediapackage-dest", "mediaPackageSettings": [{ "channelId": "lunora-mp-channel" }] },
            { "id": "hls-s3", "settings": [{ "url": "s3ssl://lunora-archive/a/index" }, { "url": "s3ssl://lunora-archive/b/index" }] }
          ],
          "encoderSettings": {
            "timecodeConfig": { "source": "SYSTEMCLOCK" },
            "globalConfiguration": {
              "inputEndAction": "NONE",
              "inputLossBehavior": { "blackFrameMsec": 1000, "inputLossImageColor": "000000", "inputLossImageType": "COLOR", "repeatFrameMsec": 1000 },
              "outputTimingSource": "SYSTEM_CLOCK",
              "supportLowFramerateInputs": "DISABLED"
            },
            "audioDescriptions": [
              { "name": "audio-aac-128", "audioSelectorName": "audio-1", "audioTypeControl": "FOLLOW_INPUT", "languageCodeControl": "FOLLOW_INPUT",
                "codecSettings": { "aacSettings": { "bitrate": 128000, "codingMode": "CODING_MODE_2_0", "sampleRate": 48000, "profile": "LC", "rateControlMode": "CBR", "rawFormat": "NONE", "spec": "MPEG4" } } },
              { "name": "audio-aac-96", "audioSelectorName": "audio-1",
                "codecSettings": { "aacSettings": { "bitrate": 96000, "codingMode": "CODING_MODE_2_0", "sampleRate": 48000 } } }
            ],
            "videoDescriptions": [
              { "name": "video-1080p", "width": 1920, "height": 1080, "respondToAfd": "NONE", "scalingBehavior": "DEFAULT", "sharpness": 50,
                "codecSettings": { "h264Settings": { "bitrate": 6000000, "rateControlMode": "CBR", "framerateControl": "SPECIFIED", "framerateNumerator": 30, "framerateDenominator": 1, "gopSize": 2, "gopSizeUnits": "SECONDS", "profile": "HIGH", "level": "H264_LEVEL_4_1", "scanType": "PROGRESSIVE" } } },
              { "name": "video-720p", "width": 1280, "height": 720,
                "codecSettings": { "h264Settings": { "bitrate": 3000000, "rateControlMode": "CBR", "framerateControl": "SPECIFIED", "framerateNumerator": 30, "framerateDenominator": 1, "gopSize": 60, "gopSizeUnits": "FRAMES" } } },
              { "name": "lunora-vertical", "width": 720, "height": 1280,
                "codecSettings": { "h264Settings": { "bitrate": 2500000, "rateControlMode": "CBR" } } }
            ],
            "captionDescriptions": [
              { "name": "captions-608", "captionSelectorName": "cc-embedded", "languageCode": "eng", "languageDescription": "English", "destinationSettings": { "embeddedDestinationSettings": {} } }
            ],
            "outputGroups": [
              { "name": "mediapackage",
                "outputGroupSettings": { "mediaPackageGroupSettings": { "destination": { "destinationRefId": "mediapackage-dest" } } },
                "outputs": [{ "outputName": "mp-1080p", "videoDescriptionName": "video-1080p", "audioDescriptionNames": ["audio-aac-128"], "captionDescriptionNames": ["captions-608"], "outputSettings": { "mediaPackageOutputSettings": {} } }] },
              { "name": "lunora-archive",
                "outputGroupSettings": { "hlsGroupSettings": { "destination": { "destinationRefId": "hls-s3" }, "segmentLength": 6, "inputLossAction": "EMIT_OUTPUT", "hlsCdnSettings": { "hlsS3Settings": { "cannedAcl": "BUCKET_OWNER_FULL_CONTROL" } } } },
                "outputs": [{ "outputName": "hls-720p", "videoDescriptionName": "video-720p", "audioDescriptionNames": ["audio-aac-96"],
                  "outputSettings": { "hlsOutputSettings": { "nameModifier": "_720p", "hlsSettings": { "standardHlsSettings": { "audioRenditionSets": "program_audio", "m3u8Settings": { "audioFramesPerPes": 4 } } } } } }] }
            ]
          }
        }
        """;

    public static JsonObject Realistic() => JsonNode.Parse(RealisticJson)!.AsObject();

    /// <summary>A real fixture as DescribeChannel would return it: with id, state and (where the fixture leaves it out) channelClass.</summary>
    public static JsonObject Fixture(string file)
    {
        var doc = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        doc["id"] = "1234567";
        doc["arn"] = "arn:aws:medialive:us-west-2:111122223333:channel:1234567";
        doc["state"] = "IDLE";
        doc["pipelinesRunningCount"] = 0;
        if (!doc.ContainsKey("channelClass"))
        {
            doc["channelClass"] = "STANDARD";
        }

        return doc;
    }

    public static TheoryData<string> FixtureFiles()
    {
        var data = new TheoryData<string>();
        foreach (var f in RealChannels.Files())
        {
            data.Add(Path.GetFileName(f));
        }

        return data;
    }

    public static string FixturePath(string name) => RealChannels.Files().Single(f => Path.GetFileName(f) == name);
}
