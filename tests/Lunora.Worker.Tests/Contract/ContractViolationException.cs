namespace Lunora.Worker.Tests.Contract;

/// <summary>A request our client built breaks the official service model. Not transient, so no retry hides it.</summary>
public sealed class ContractViolationException : Exception
{
    public ContractViolationException()
    {
    }

    public ContractViolationException(string message)
        : base(message)
    {
    }

    public ContractViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
