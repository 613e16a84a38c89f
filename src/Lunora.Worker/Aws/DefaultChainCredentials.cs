using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Lunora.Worker.Aws;

/// <summary>
/// The SDK's default credential chain (environment, profile, ECS container credentials, instance role), resolved on
/// first use rather than at startup, so building the service graph never reaches for instance metadata. A failed
/// resolution is not cached: the next call tries again.
/// </summary>
public sealed class DefaultChainCredentials : AWSCredentials
{
    private readonly Lazy<AWSCredentials> _resolved = new(() => DefaultAWSCredentialsIdentityResolver.GetCredentials(null), LazyThreadSafetyMode.PublicationOnly);

    public override ImmutableCredentials GetCredentials() => _resolved.Value.GetCredentials();

    public override Task<ImmutableCredentials> GetCredentialsAsync() => _resolved.Value.GetCredentialsAsync();
}
