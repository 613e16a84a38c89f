namespace Lunora.Domain.Tests.Planning;

/// <summary>Ways a generated destination is made unplannable (rule 8).</summary>
internal enum InvalidKind
{
    None,
    MissingPrimary,
    MalformedUrl,
    WrongScheme,
    UrlWithSpace,
    MissingKeyReference,
    UnresolvedKey,
    RecordProblem,
    BadBackup,
}
