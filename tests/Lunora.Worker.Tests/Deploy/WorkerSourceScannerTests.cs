namespace Lunora.Worker.Tests.Deploy;

public class WorkerSourceScannerTests
{
    private static readonly Lazy<IamActionTable> Table = new(() => IamActionTable.Load(RepositoryPaths.AwsModels));

    private static (IReadOnlyList<AwsCall> Calls, IReadOnlyList<EnvironmentRead> Reads) Scan(string source, string path = "src/Lunora.Worker/X/Sample.cs") =>
        new WorkerSourceScanner(Table.Value).ScanFile(path, source);

    [Fact]
    public void ScanFile_SdkCallInFileUsingTheSdk_ReportsActionAndLine()
    {
        var (calls, _) = Scan("using Amazon.SQS;\nclass C(IAmazonSQS sqs)\n{\n    Task A() => sqs.ReceiveMessageAsync(new(), default);\n}\n");

        var call = Assert.Single(calls);
        Assert.Equal("sqs:ReceiveMessage", call.IamAction);
        Assert.Equal(4, call.Line);
    }

    [Fact]
    public void ScanFile_BatchAndTransactionCalls_MapToTheActionsIamChecks()
    {
        var (calls, _) = Scan("using Amazon.SQS;\nusing Amazon.DynamoDBv2;\nawait sqs.DeleteMessageBatchAsync(r);\nawait dynamo.TransactGetItemsAsync(r);\n");

        Assert.Equal(["dynamodb:GetItem", "sqs:DeleteMessage"], calls.Select(c => c.IamAction).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ScanFile_AwsNamedMethodInFileNotTalkingToThatService_Ignored()
    {
        var (calls, _) = Scan("class Store(IPresetStore presets)\n{\n    Task A() => presets.GetItemAsync(\"x\");\n}\n");

        Assert.Empty(calls);
    }

    [Fact]
    public void ScanFile_CallOnlyInCommentsOrStrings_Ignored()
    {
        var (calls, _) = Scan("using Amazon.DynamoDBv2;\nvar u = \"http://x/.DeleteItemAsync(\"; // dynamo.PutItemAsync(r)\n/* dynamo.ScanAsync(r) */\n/// <see cref=\"IAmazonDynamoDB.QueryAsync(QueryRequest)\"/>\n");

        Assert.Empty(calls);
    }

    [Fact]
    public void ScanFile_OwnClientCallAndTargetConstant_ReportMediaLiveAndCloudWatchActions()
    {
        var (gateway, _) = Scan("namespace Lunora.Worker.MediaLive;\nawait client.DescribeChannelAsync(id, ct);\nawait client.StartChannelAsync(id, ct);\n");
        var (cloudWatch, _) = Scan("namespace Lunora.Worker.CloudWatch;\nconst string Target = \"GraniteServiceVersion20100801.GetMetricData\";\n");

        Assert.Equal(["medialive:DescribeChannel", "medialive:StartChannel"], gateway.Select(c => c.IamAction));
        Assert.Equal("cloudwatch:GetMetricData", Assert.Single(cloudWatch).IamAction);
    }

    [Fact]
    public void ScanFile_EveryShapeOfEnvironmentRead_Found()
    {
        const string source = """
            var a = configuration["NAME_A"];
            var b = builder.Configuration["NAME_B"];
            var c = Environment.GetEnvironmentVariable("NAME_C");
            var d = configuration.GetValue<int>("NAME_D");
            var e = Value(configuration, "NAME_E") ?? Value(configuration, "NAME_F");
            var g = Seconds("NAME_G", TimeSpan.Zero);
            var h = environment("AWS_ENDPOINT_URL_" + service.EnvironmentName);
            """;

        var (_, reads) = Scan(source);

        Assert.Equal(["NAME_A", "NAME_B", "NAME_C", "NAME_D", "NAME_E", "NAME_F", "NAME_G", "AWS_ENDPOINT_URL_"], reads.OrderBy(r => r.Line).ThenBy(r => r.Name, StringComparer.Ordinal).Select(r => r.Name));
        Assert.True(reads.Single(r => r.Name == "AWS_ENDPOINT_URL_").IsPrefix);
        Assert.Equal(4, reads.Single(r => r.Name == "NAME_D").Line);
    }

    [Fact]
    public void ScanFile_UpperSnakeValuesThatAreNotSettings_NotReads()
    {
        const string source = """
            static ChannelState Parse(string s) => s switch { "CREATE_FAILED" => ChannelState.CreateFailed, _ => ChannelState.Idle };
            bool started = State(described) is "STARTING" or "RUNNING";
            var settings = new JsonObject { ["cacheFullBehavior"] = "WAIT_FOR_SERVER" };
            // configuration["IN_A_COMMENT"]
            """;

        var (_, reads) = Scan(source);

        Assert.Empty(reads);
    }
}
