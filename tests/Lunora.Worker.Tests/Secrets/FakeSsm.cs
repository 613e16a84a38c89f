using System.Reflection;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace Lunora.Worker.Tests.Secrets;

/// <summary>SSM has no local stand-in here: only GetParameter is answered, from a dictionary, with SSM's own exceptions.</summary>
public class FakeSsm : DispatchProxy
{
    public Dictionary<string, string> Parameters { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Denied { get; } = new(StringComparer.Ordinal);

    public List<GetParameterRequest> Requests { get; } = [];

    /// <summary>How many of the next reads fail as SSM throttles (400 ThrottlingException) once the SDK's retries are spent.</summary>
    public int ThrottleNext { get; set; }

    public static (IAmazonSimpleSystemsManagement Client, FakeSsm Fake) Create()
    {
        var proxy = Create<IAmazonSimpleSystemsManagement, FakeSsm>();
        return (proxy, (FakeSsm)(object)proxy);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod?.Name != nameof(IAmazonSimpleSystemsManagement.GetParameterAsync) || args?[0] is not GetParameterRequest request)
        {
            throw new NotSupportedException(targetMethod?.Name);
        }

        Requests.Add(request);
        if (ThrottleNext > 0)
        {
            ThrottleNext--;
            return Task.FromException<GetParameterResponse>(new AmazonSimpleSystemsManagementException("Rate exceeded")
            {
                ErrorCode = "ThrottlingException",
                StatusCode = System.Net.HttpStatusCode.BadRequest,
            });
        }

        if (Denied.Contains(request.Name))
        {
            return Task.FromException<GetParameterResponse>(new AmazonSimpleSystemsManagementException("User is not authorized") { ErrorCode = "AccessDeniedException" });
        }

        return Parameters.TryGetValue(request.Name, out var value)
            ? Task.FromResult(new GetParameterResponse { Parameter = new Parameter { Name = request.Name, Value = value, Type = ParameterType.SecureString } })
            : Task.FromException<GetParameterResponse>(new ParameterNotFoundException("not found"));
    }
}
