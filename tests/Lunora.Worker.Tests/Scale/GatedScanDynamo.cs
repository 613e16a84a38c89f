using System.Reflection;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Lunora.Worker.Tests.Scale;

/// <summary>Wraps a real client; counts Scans and holds each one (after it read the table) until the test releases it.</summary>
public class GatedScanDynamo : DispatchProxy
{
    private IAmazonDynamoDB _inner = null!;
    private int _scans;
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Scans => Volatile.Read(ref _scans);

    public static (IAmazonDynamoDB Client, GatedScanDynamo Gate) Wrap(IAmazonDynamoDB inner)
    {
        var proxy = Create<IAmazonDynamoDB, GatedScanDynamo>();
        var gate = (GatedScanDynamo)(object)proxy;
        gate._inner = inner;
        return (proxy, gate);
    }

    /// <summary>Lets every Scan held so far return; later Scans are held again.</summary>
    public void Release() => Interlocked.Exchange(ref _release, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IAmazonDynamoDB.ScanAsync) && args?[0] is ScanRequest request)
        {
            return HeldScanAsync(request, (CancellationToken)args[^1]!);
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

    private async Task<ScanResponse> HeldScanAsync(ScanRequest request, CancellationToken cancellationToken)
    {
        var held = Volatile.Read(ref _release).Task;
        Interlocked.Increment(ref _scans);
        var response = await _inner.ScanAsync(request, cancellationToken);
        await held.WaitAsync(cancellationToken);
        return response;
    }
}
