using System.Net;
using System.Reflection;
using Amazon.DynamoDBv2;

namespace Lunora.Worker.Tests.EndToEnd;

/// <summary>
/// Wraps a real client; a request the predicate picks fails as DynamoDB throttles once the SDK's own retries are spent
/// (400 ThrottlingException). dynalite never throttles, so this is the only way to meet it locally.
/// </summary>
public class ThrottlingDynamo : DispatchProxy
{
    private IAmazonDynamoDB _inner = null!;
    private Func<object, bool> _throttle = null!;

    public static IAmazonDynamoDB Wrap(IAmazonDynamoDB inner, Func<object, bool> throttle)
    {
        var proxy = Create<IAmazonDynamoDB, ThrottlingDynamo>();
        var wrapper = (ThrottlingDynamo)(object)proxy;
        wrapper._inner = inner;
        wrapper._throttle = throttle;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (args is [{ } request, ..] && targetMethod.Name.EndsWith("Async", StringComparison.Ordinal) && _throttle(request))
        {
            var error = new AmazonDynamoDBException("Rate of requests exceeds the allowed throughput.")
            {
                ErrorCode = "ThrottlingException",
                StatusCode = HttpStatusCode.BadRequest,
            };
            var failed = typeof(Task).GetMethod(nameof(Task.FromException), 1, [typeof(Exception)])!
                .MakeGenericMethod(targetMethod.ReturnType.GetGenericArguments()[0]);
            return failed.Invoke(null, [error]);
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }
}
