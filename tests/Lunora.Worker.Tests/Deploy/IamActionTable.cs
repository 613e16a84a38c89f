using System.Reflection;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.SimpleSystemsManagement;
using Amazon.SQS;

namespace Lunora.Worker.Tests.Deploy;

/// <summary>
/// Maps an operation name as it appears in code (<c>PutItemAsync</c> without <c>Async</c>, or a MediaLive/CloudWatch
/// operation name) to its service and IAM actions. The names come from the sources of truth, not from a hand list:
/// the AWS SDK interfaces the worker uses (reflection) and the official service models of the two services we call
/// through our own clients. Only the operations whose IAM action is not simply service:Operation are listed by hand.
/// </summary>
internal sealed class IamActionTable
{
    private static readonly string[] DynamoDbMarkers = ["Amazon.DynamoDBv2", "IAmazonDynamoDB", "AmazonDynamoDB"];
    private static readonly string[] SqsMarkers = ["Amazon.SQS", "IAmazonSQS", "AmazonSQS"];
    private static readonly string[] SsmMarkers = ["Amazon.SimpleSystemsManagement", "IAmazonSimpleSystemsManagement", "AmazonSimpleSystemsManagement"];
    private static readonly string[] MediaLiveMarkers = ["MediaLive"];
    private static readonly string[] CloudWatchMarkers = ["CloudWatch"];

    /// <summary>Operations authorized by other actions (batch and transaction calls are authorized per item action).</summary>
    private static readonly Dictionary<string, string[]> Special = new(StringComparer.Ordinal)
    {
        ["dynamodb:TransactWriteItems"] = ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem"],
        ["dynamodb:TransactGetItems"] = ["dynamodb:GetItem"],
        ["sqs:SendMessageBatch"] = ["sqs:SendMessage"],
        ["sqs:DeleteMessageBatch"] = ["sqs:DeleteMessage"],
        ["sqs:ChangeMessageVisibilityBatch"] = ["sqs:ChangeMessageVisibility"],
    };

    private readonly Dictionary<string, List<ServiceOperation>> _byName;

    private IamActionTable(Dictionary<string, List<ServiceOperation>> byName, IReadOnlySet<string> ownClientOperations)
    {
        _byName = byName;
        OwnClientOperations = ownClientOperations;
    }

    /// <summary>MediaLive and CloudWatch operation names: our own clients may name them in string constants (X-Amz-Target).</summary>
    public IReadOnlySet<string> OwnClientOperations { get; }

    public int Count => _byName.Values.Sum(v => v.Count);

    public static IamActionTable Load(string modelsDirectory)
    {
        var byName = new Dictionary<string, List<ServiceOperation>>(StringComparer.Ordinal);
        var own = new HashSet<string>(StringComparer.Ordinal);

        void Add(string service, string operation, string[] markers)
        {
            var action = service + ":" + operation;
            var actions = Special.TryGetValue(action, out var mapped) ? mapped : [action];
            if (!byName.TryGetValue(operation, out var list))
            {
                byName[operation] = list = [];
            }

            if (!list.Any(o => o.Service == service))
            {
                list.Add(new ServiceOperation(service, operation, actions, markers));
            }
        }

        foreach (var (type, service, markers) in new[]
        {
            (typeof(IAmazonDynamoDB), "dynamodb", DynamoDbMarkers),
            (typeof(IAmazonSQS), "sqs", SqsMarkers),
            (typeof(IAmazonSimpleSystemsManagement), "ssm", SsmMarkers),
        })
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            {
                if (method.Name.EndsWith("Async", StringComparison.Ordinal))
                {
                    Add(service, method.Name[..^"Async".Length], markers);
                }
            }
        }

        foreach (var (file, service, markers) in new[]
        {
            ("medialive-2017-10-14.service-2.json", "medialive", MediaLiveMarkers),
            ("cloudwatch-2010-08-01.service-2.json", "cloudwatch", CloudWatchMarkers),
        })
        {
            var model = JsonNode.Parse(File.ReadAllText(Path.Combine(modelsDirectory, file)))!.AsObject();
            foreach (var (operation, _) in model["operations"]!.AsObject())
            {
                Add(service, operation, markers);
                own.Add(operation);
            }
        }

        // EventBridge has no vendored model: the one operation our own client calls (only `check`), keyed on its X-Amz-Target.
        Add("events", "ListTargetsByRule", ["AWSEvents."]);
        own.Add("ListTargetsByRule");

        return new IamActionTable(byName, own);
    }

    public IReadOnlyList<ServiceOperation> Lookup(string operation) =>
        _byName.TryGetValue(operation, out var list) ? list : [];
}
