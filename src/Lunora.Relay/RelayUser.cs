namespace Lunora.Relay;

/// <summary>
/// An <c>authInternalUsers</c> entry with the <c>api</c> permission. <see cref="ToString"/> leaves the password out, so a
/// user can be logged.
/// </summary>
public sealed record RelayUser(string User, string Pass)
{
    public override string ToString() => User;
}
