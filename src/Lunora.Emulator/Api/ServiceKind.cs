namespace Lunora.Emulator.Api;

/// <summary>Which wire protocol an answer follows: MediaLive rest-json or CloudWatch awsJson 1.0.</summary>
internal enum ServiceKind
{
    MediaLive,
    CloudWatch,
    Control,
}
