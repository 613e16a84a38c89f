namespace Lunora.Domain.Observed;

public enum ChannelClass
{
    /// <summary>Two pipelines, each with its own destination URL, live at once.</summary>
    Standard,

    /// <summary>One pipeline, one URL per output.</summary>
    SinglePipeline,
}
