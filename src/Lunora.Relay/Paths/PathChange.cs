namespace Lunora.Relay.Paths;

/// <summary>Outcome of a configuration change, mapped to MediaMTX's answers (200, 400 "path already exists", 404).</summary>
internal enum PathChange
{
    Done,
    AlreadyExists,
    NotFound,
}
