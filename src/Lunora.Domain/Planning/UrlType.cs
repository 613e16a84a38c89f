namespace Lunora.Domain.Planning;

/// <summary>Which ingest a destination is using (<c>current_url_type</c>).</summary>
public enum UrlType
{
    Primary,
    Backup,

    /// <summary>Standard channel: pipeline 0 to the primary and pipeline 1 to the backup, both live.</summary>
    Both,
}
