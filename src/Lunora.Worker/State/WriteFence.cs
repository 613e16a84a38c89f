using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace Lunora.Worker.State;

/// <summary>
/// Fencing for the worker's own DynamoDB writes (status, failover memory, sessions and their pointers): each write
/// stores the writer's lease token and is refused when the item already carries a newer one, so a worker that lost the
/// lease (paused, partitioned, frozen mid-call) cannot overwrite what the new leader wrote. A refused write throws
/// <see cref="ConditionalCheckFailedException"/> like any failed condition. Without a lease (tools, tests of one
/// part) writes are not fenced.
/// </summary>
public sealed class WriteFence(ILeaderLease? lease)
{
    private const string NameToken = "#ft";
    private const string ValueToken = ":ft";
    private const string Condition = $"(attribute_not_exists({NameToken}) OR {NameToken} <= {ValueToken})";
    private static readonly string[] OtherClauses = [" REMOVE ", " ADD ", " DELETE "];

    public static WriteFence None { get; } = new(null);

    /// <summary>The token this worker writes with, or null when unfenced.</summary>
    public long? Token => lease?.FencingToken;

    public UpdateItemRequest Fenced(UpdateItemRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Token is not { } token)
        {
            return request;
        }

        Prepare(request.ExpressionAttributeNames ??= [], request.ExpressionAttributeValues ??= [], token);
        request.UpdateExpression = WithSet(request.UpdateExpression);
        request.ConditionExpression = And(request.ConditionExpression);
        return request;
    }

    public PutItemRequest Fenced(PutItemRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Token is not { } token)
        {
            return request;
        }

        Prepare(request.ExpressionAttributeNames ??= [], request.ExpressionAttributeValues ??= [], token);
        request.Item[DestinationAttributes.WorkerFencingToken] = TokenValue(token);
        request.ConditionExpression = And(request.ConditionExpression);
        return request;
    }

    public DeleteItemRequest Fenced(DeleteItemRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Token is not { } token)
        {
            return request;
        }

        Prepare(request.ExpressionAttributeNames ??= [], request.ExpressionAttributeValues ??= [], token);
        request.ConditionExpression = And(request.ConditionExpression);
        return request;
    }

    private static void Prepare(Dictionary<string, string> names, Dictionary<string, AttributeValue> values, long token)
    {
        names[NameToken] = DestinationAttributes.WorkerFencingToken;
        values[ValueToken] = TokenValue(token);
    }

    private static AttributeValue TokenValue(long token) => new() { N = token.ToString(CultureInfo.InvariantCulture) };

    private static string And(string? condition) => string.IsNullOrWhiteSpace(condition) ? Condition : $"({condition}) AND {Condition}";

    // An update expression holds each clause (SET, REMOVE, ADD, DELETE) at most once: join the existing SET, else add one.
    private static string WithSet(string? expression)
    {
        const string assignment = $"{NameToken} = {ValueToken}";
        if (string.IsNullOrWhiteSpace(expression))
        {
            return "SET " + assignment;
        }

        if (!expression.StartsWith("SET ", StringComparison.Ordinal))
        {
            return expression + " SET " + assignment;
        }

        var next = OtherClauses
            .Select(clause => expression.IndexOf(clause, StringComparison.Ordinal))
            .Where(i => i > 0)
            .DefaultIfEmpty(expression.Length)
            .Min();
        return expression[..next] + ", " + assignment + expression[next..];
    }
}
