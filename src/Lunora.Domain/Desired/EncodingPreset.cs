namespace Lunora.Domain.Desired;

/// <summary>
/// An encoding preset from the presets table, as loose as the stored item: values that could not be read are null
/// and <see cref="Problem"/> says why, so the encoder-settings builder decides what is usable.
/// </summary>
/// <param name="VideoBitrate">Bits per second.</param>
/// <param name="AudioBitrate">Bits per second.</param>
/// <param name="Profile">H.264 profile as stored (e.g. high, main, baseline).</param>
public sealed record EncodingPreset(
    string Id,
    string Name,
    int? Width,
    int? Height,
    decimal? FrameRate,
    int? VideoBitrate,
    int? AudioBitrate,
    string? Profile,
    string? Problem);
