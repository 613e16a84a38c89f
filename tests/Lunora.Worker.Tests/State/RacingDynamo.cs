using System.Reflection;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Lunora.Worker.Tests.State;

/// <summary>Wraps a real client and lets a test run another write right before an UpdateItem reaches dynalite.</summary>
public class RacingDynamo : DispatchProxy
{
    private IAmazonDynamoDB _inner = null!;
    private Func<UpdateItemRequest, Task> _beforeUpdate = null!;

    public static IAmazonDynamoDB Wrap(IAmazonDynamoDB inner, Func<UpdateItemRequest, Task> beforeUpdate)
    {
        var proxy = Create<IAmazonDynamoDB, RacingDynamo>();
        var racing = (RacingDynamo)(object)proxy;
        racing._inner = inner;
        racing._beforeUpdate = beforeUpdate;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IAmazonDynamoDB.UpdateItemAsync) && args?[0] is UpdateItemRequest request)
        {
            return RaceThenUpdate(request, (CancellationToken)args[^1]!);
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

    private async Task<UpdateItemResponse> RaceThenUpdate(UpdateItemRequest request, CancellationToken cancellationToken)
    {
        await _beforeUpdate(request);
        return await _inner.UpdateItemAsync(request, cancellationToken);
    }
}
