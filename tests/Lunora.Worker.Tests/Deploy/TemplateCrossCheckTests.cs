namespace Lunora.Worker.Tests.Deploy;

/// <summary>
/// deploy/lunora-worker.yaml against src/Lunora.Worker: the task role grants exactly the AWS actions the code calls,
/// and the task definition sets every environment variable the code reads. See <see cref="WorkerSourceScanner"/> for
/// what counts as a call or a read. A failure names the action or variable and where the code uses it; fix the
/// template (or, for a deliberate exception, the explained lists below).
/// </summary>
public class TemplateCrossCheckTests
{
    /// <summary>Granted with no call site in our code, because AWS checks them on our behalf.</summary>
    private static readonly Dictionary<string, string> GrantedWithoutCallSite = new(StringComparer.Ordinal)
    {
        ["iam:PassRole"] = "UpdateChannel sends the channel's roleArn back unchanged and MediaLive checks that the caller may pass that role (statement limited to the channel's role, passed to medialive.amazonaws.com)",
        ["kms:Decrypt"] = "GetParameter WithDecryption makes SSM decrypt the SecureString stream keys with this key on our behalf (statement limited to kms:ViaService ssm)",
        ["logs:CreateLogStream"] = "the ADOT collector sidecar (same task role, policy otel-collector) writes the alarmed metrics as EMF to /ecs/<stack>/metrics",
        ["logs:PutLogEvents"] = "the ADOT collector sidecar writes the alarmed metrics as EMF",
        ["logs:DescribeLogStreams"] = "the ADOT collector sidecar finds its EMF log stream",
        ["aps:RemoteWrite"] = "the ADOT collector sidecar remote-writes every lunora.* metric to the stack's Prometheus workspace",
        ["xray:PutTraceSegments"] = "the ADOT collector sidecar sends the worker's spans to X-Ray",
        ["xray:PutTelemetryRecords"] = "the ADOT collector sidecar reports its own X-Ray export health",
        ["dynamodb:DescribeTable"] = "the preflight `check` command confirms that each table exists and has the key the worker expects before a deployment goes live",
    };

    /// <summary>
    /// Operations our clients implement but only tests call, by the client method that calls them: not granted. A test
    /// below fails if worker code starts calling one.
    /// </summary>
    private static readonly Dictionary<string, (string Method, string Reason)> OnlyTestsCall = new(StringComparer.Ordinal)
    {
        ["medialive:ListChannels"] = ("ListChannelsAsync", "the emulator conformance tests list channels; the worker reconciles the channels it is configured with and never lists"),
    };

    /// <summary>Call sites that never run in AWS, by file name: their actions are not granted.</summary>
    private static readonly Dictionary<string, (string[] Actions, string Reason)> LocalOnlyCallSites = new(StringComparer.Ordinal)
    {
        ["LocalTables.cs"] = (["dynamodb:CreateTable", "dynamodb:DescribeTable"], "creates the tables on dynalite for tests and the local run script; in AWS the worker table is created by the template and the other three exist already"),
        ["LocalSetupCommand.cs"] = (["sqs:CreateQueue", "sqs:GetQueueAttributes", "dynamodb:CreateTable", "dynamodb:DescribeTable", "dynamodb:PutItem"], "the local-setup verb creates tables and queues on the stand-ins and seeds destinations and presets and refuses anything but a loopback endpoint; in AWS the template creates them"),
    };

    /// <summary>Read by the code but rightly absent from the task definition. A name ending in '_' stands for every name with that prefix.</summary>
    private static readonly Dictionary<string, string> NotInTaskDefinition = new(StringComparer.Ordinal)
    {
        ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "set by ECS in every task: where the SDK fetches the task role's credentials",
        ["AWS_ACCESS_KEY_ID"] = "static credentials are never configured in the task: the task role supplies them; read only to choose dummy credentials for a loopback stand-in",
        ["ECS_CONTAINER_METADATA_URI_V4"] = "set by ECS on Fargate (platform 1.4+); its presence tells the worker it runs in ECS (JSON logs by default)",
        ["AWS_DEFAULT_REGION"] = "set by ECS on Fargate; only a fallback after MEDIALIVE_REGION and AWS_REGION, which the template sets",
        ["AWS_ENDPOINT_URL"] = "local stand-ins only (dynalite, fauxqs, the emulator); in AWS the SDK's own endpoints are the right ones",
        ["AWS_ENDPOINT_URL_"] = "AWS_ENDPOINT_URL_<SERVICE>: local stand-ins only, as AWS_ENDPOINT_URL",
        ["STREAM_KEYS_FILE"] = "local runs only: stream keys from a file instead of Parameter Store",
        ["LUNORA_TELEMETRY_CONSOLE"] = "local debugging only: prints metrics and traces to stdout",
        ["LUNORA_PREFLIGHT"] = "tests and local experiments only: 'off' skips the start-up preflight, which a deployment must always run",
        ["LUNORA_SOURCE_KEYFRAME_SECONDS"] = "doctor only, optional: the operator states the source's keyframe interval as a container override of the one-off doctor task (docs/runbook.md) when doctor cannot measure it",
        ["LUNORA_SOURCE_SAMPLE"] = "doctor only, optional: an FLV recording or HTTP-FLV URL of the source to measure, as a container override of the one-off doctor task",
        ["LUNORA_DOCTOR_WINDOW_MINUTES"] = "doctor only, optional: how far back doctor reads metrics, as a container override of the one-off doctor task",
    };

    /// <summary>Set in the task definition for something other than our code (the runtime, the OpenTelemetry SDK).</summary>
    private static readonly Dictionary<string, string> SetForOthers = new(StringComparer.Ordinal)
    {
        ["DOTNET_"] = "read by the .NET runtime (GC, tiered compilation)",
        ["OTEL_SERVICE_NAME"] = "read by the OpenTelemetry SDK",
        ["OTEL_RESOURCE_ATTRIBUTES"] = "read by the OpenTelemetry SDK",
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "read by the OpenTelemetry SDK's OTLP exporter (the worker only checks that it is set)",
    };

    private static readonly Lazy<IamActionTable> Table = new(() => IamActionTable.Load(RepositoryPaths.AwsModels));

    private static readonly Lazy<WorkerSourceScanner> Source = new(() =>
        WorkerSourceScanner.ScanDirectory(Table.Value, RepositoryPaths.WorkerSource, RepositoryPaths.Root));

    private static readonly Lazy<WorkerTemplate> Template = new(() => WorkerTemplate.Load(RepositoryPaths.Template));

    [Fact]
    public void TaskRole_EveryOperationTheCodeCalls_IsGranted()
    {
        var granted = GrantedActions();
        var problems = CalledActions()
            .Where(c => !Covered(c.Key, granted.Keys))
            .Select(c => $"code calls {c.Key} but the task role does not grant it (at {string.Join(", ", c.Value.Select(x => x.Where))})")
            .ToList();

        Assert.True(problems.Count == 0, Report(problems));
    }

    [Fact]
    public void TaskRole_EveryGrantedAction_IsCalledByTheCode()
    {
        var called = CalledActions();
        var problems = GrantedActions()
            .Where(g => !GrantedWithoutCallSite.ContainsKey(g.Key) && !called.Keys.Any(c => Covered(c, [g.Key])))
            .Select(g => $"task role grants {g.Key} (statement {string.Join(", ", g.Value)}) but no code calls it")
            .ToList();

        Assert.True(problems.Count == 0, Report(problems));
    }

    [Fact]
    public void TaskDefinition_EveryEnvironmentVariableTheCodeReads_IsSet()
    {
        var set = TaskEnvironment();
        var problems = Source.Value.EnvironmentReads
            .Where(r => !NotInTaskDefinition.Keys.Any(a => Matches(a, r.Name)))
            .Where(r => r.IsPrefix ? !set.Any(s => s.StartsWith(r.Name, StringComparison.Ordinal)) : !set.Contains(r.Name))
            .GroupBy(r => r.Name, StringComparer.Ordinal)
            .Select(g => $"code reads environment variable {g.Key}{(g.First().IsPrefix ? "*" : "")} but the task definition does not set it (at {string.Join(", ", g.Select(r => r.Where).Distinct())})")
            .ToList();

        Assert.True(problems.Count == 0, Report(problems));
    }

    [Fact]
    public void TaskDefinition_EveryVariableItSets_IsReadByTheCode()
    {
        var reads = Source.Value.EnvironmentReads;
        var problems = TaskEnvironment()
            .Where(name => !SetForOthers.Keys.Any(a => Matches(a, name)))
            .Where(name => !reads.Any(r => r.IsPrefix ? name.StartsWith(r.Name, StringComparison.Ordinal) : r.Name == name))
            .Select(name => $"task definition sets {name} but no code reads it (renamed or misspelt?)")
            .ToList();

        Assert.True(problems.Count == 0, Report(problems));
    }

    [Fact]
    public void Template_TaskDefinition_IsSingleAndHasAnEnvironment()
    {
        Assert.Single(Template.Value.ResourcesOfType("AWS::ECS::TaskDefinition"));
        Assert.Contains("MEDIALIVE_CHANNEL_ID", TaskEnvironment());
        Assert.NotEmpty(GrantedActions());
    }

    [Fact]
    public void SourceScan_WorkerSource_FindsTheSettingsItReads()
    {
        // Guards the scanner itself: if it stopped recognising reads, the checks above would pass vacuously.
        Assert.Contains(Source.Value.EnvironmentReads, r => r.Name == "MEDIALIVE_CHANNEL_ID");
    }

    [Fact]
    public void TaskRole_EachTable_GrantsExactlyTheActionsTheCodeCallsOnIt()
    {
        var granted = GrantedPerTable();
        var called = CalledPerTable();
        var problems = new List<string>();
        foreach (var table in Tables.Keys)
        {
            var want = called.GetValueOrDefault(table) ?? [];
            var have = granted.GetValueOrDefault(table) ?? [];
            problems.AddRange(want.Where(a => !have.Contains(a.Key)).Select(a => $"code calls {a.Key} on {table} but the task role does not grant it there (at {string.Join(", ", a.Value.Select(c => c.Where).Distinct())})"));
            problems.AddRange(have.Where(a => !want.ContainsKey(a)).Select(a => $"task role grants {a} on {table} but no code calls it on that table"));
        }

        Assert.True(problems.Count == 0, Report(problems));
    }

    [Fact]
    public void TaskRole_UiTables_NoPutOrDeleteItem()
    {
        var granted = GrantedPerTable();

        foreach (var table in new[] { "DestinationsTable", "PresetsTable" })
        {
            Assert.DoesNotContain("dynamodb:PutItem", granted[table]);
            Assert.DoesNotContain("dynamodb:DeleteItem", granted[table]);
        }
    }

    [Fact]
    public void SourceScan_DynamoDbCalls_EachNamesItsTable()
    {
        // Guards the per-table check: if the scanner lost the tables, every call would count for every table.
        var dynamo = CalledActions().Values.SelectMany(c => c).Where(c => c.IamAction.StartsWith("dynamodb:", StringComparison.Ordinal)).ToList();
        Assert.Contains(dynamo, c => c.Table == "DestinationsTable" && c.IamAction == "dynamodb:Scan");
        Assert.Contains(dynamo, c => c.Table == "PresetsTable" && c.IamAction == "dynamodb:GetItem");
        Assert.Contains(dynamo, c => c.Table == "WorkerTable" && c.IamAction == "dynamodb:DeleteItem");
        Assert.All(dynamo.Where(c => c.IamAction != "dynamodb:DescribeTable"), c => Assert.NotNull(c.Table));
    }

    [Fact]
    public void WorkerCode_OperationsOnlyTestsCall_NotCalledOutsideTheirClient()
    {
        foreach (var (action, (method, _)) in OnlyTestsCall)
        {
            var callers = Directory.EnumerateFiles(RepositoryPaths.WorkerSource, "*.cs", SearchOption.AllDirectories)
                .Where(f => CSharpComments.Strip(File.ReadAllText(f), blankStrings: true).Contains("." + method + "(", StringComparison.Ordinal))
                .Select(f => Path.GetRelativePath(RepositoryPaths.Root, f))
                .ToList();
            Assert.True(callers.Count == 0, $"{action} is not granted because only tests call it, but {string.Join(", ", callers)} now calls {method}: grant it in the template and drop it from OnlyTestsCall");
        }
    }

    [Fact]
    public void Template_ChannelScopedResources_FollowTheChannelList()
    {
        var template = Template.Value;
        Assert.Equal("MediaLiveChannelIds", template.ForEachCollections()["Channels"]);
        var perChannel = template.AllResources().Where(r => r.LogicalId.Contains("${ChannelId}", StringComparison.Ordinal)).ToList();
        Assert.Contains(perChannel, r => WorkerTemplate.Scalar(r.Node, "Type") == "AWS::IAM::Policy");
        Assert.Contains(perChannel, r => WorkerTemplate.Scalar(r.Node, "Type") == "AWS::Events::Rule");
        Assert.True(perChannel.Count(r => WorkerTemplate.Scalar(r.Node, "Type") == "AWS::CloudWatch::Alarm") >= 3);

        // No channel ARN outside the loop: a fixed id would leave the other channels ungranted or unwatched.
        var outside = template.AllResources().Where(r => !r.LogicalId.Contains("${ChannelId}", StringComparison.Ordinal))
            .SelectMany(r => WorkerTemplate.Texts(r.Node).Select(t => (r.LogicalId, Text: t)))
            .Where(x => x.Text.Contains(":channel:", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(outside);
    }

    [Fact]
    public void Template_NamedResources_DerivedFromTheStackName()
    {
        var nameProperties = new[] { "TableName", "QueueName", "LogGroupName", "ClusterName", "Family", "Name", "Alias", "AlarmName", "PolicyName" };
        var problems = new List<string>();
        foreach (var (id, node) in Template.Value.AllResources())
        {
            if (!node.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode("Properties"), out var p) || p is not YamlDotNet.RepresentationModel.YamlMappingNode properties)
            {
                continue;
            }

            foreach (var property in nameProperties)
            {
                // An inline policy's name is scoped to its role; only account-wide names must carry the stack name.
                if (property == "PolicyName" || !properties.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode(property), out var value))
                {
                    continue;
                }

                if (value is not YamlDotNet.RepresentationModel.YamlScalarNode { Tag.Value: "!Sub" } sub || !sub.Value!.Contains("${AWS::StackName}", StringComparison.Ordinal))
                {
                    problems.Add($"{id}.{property} is not derived from ${{AWS::StackName}}: a second stack in the account would collide");
                }
            }
        }

        Assert.True(problems.Count == 0, Report(problems));
    }

    [Fact]
    public void Template_Service_HasTheDeploymentCircuitBreakerWithRollback()
    {
        var template = Template.Value;
        var service = template.ResourceOfType(Assert.Single(template.ResourcesOfType("AWS::ECS::Service")), "AWS::ECS::Service");
        var breaker = (YamlDotNet.RepresentationModel.YamlMappingNode)((YamlDotNet.RepresentationModel.YamlMappingNode)((YamlDotNet.RepresentationModel.YamlMappingNode)service["Properties"])["DeploymentConfiguration"])["DeploymentCircuitBreaker"];
        Assert.Equal("true", WorkerTemplate.Scalar(breaker, "Enable"));
        Assert.Equal("true", WorkerTemplate.Scalar(breaker, "Rollback"));
    }

    /// <summary>The four tables, with how a task-role statement's Resource names each.</summary>
    private static readonly Dictionary<string, string> Tables = new(StringComparer.Ordinal)
    {
        ["DestinationsTable"] = "${DestinationsTable}",
        ["PresetsTable"] = "${PresetsTable}",
        ["SessionsTable"] = "${SessionsTable}",
        ["WorkerTable"] = "WorkerTableResource",
    };

    private static Dictionary<string, HashSet<string>> GrantedPerTable()
    {
        var template = Template.Value;
        var task = template.ResourcesOfType("AWS::ECS::TaskDefinition").Single();
        var result = Tables.Keys.ToDictionary(t => t, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var (_, actions, resources) in template.AllowStatements(template.TaskRoleOf(task)))
        {
            foreach (var (table, marker) in Tables)
            {
                if (resources.Any(r => r.Contains(marker, StringComparison.Ordinal) || r == "*"))
                {
                    result[table].UnionWith(actions.Where(a => a.StartsWith("dynamodb:", StringComparison.Ordinal)));
                }
            }
        }

        return result;
    }

    // A call whose table the source does not name (DescribeTable over every table in `check`) counts for all four.
    private static Dictionary<string, Dictionary<string, List<AwsCall>>> CalledPerTable()
    {
        var result = new Dictionary<string, Dictionary<string, List<AwsCall>>>(StringComparer.Ordinal);
        foreach (var call in CalledActions().Values.SelectMany(c => c).Where(c => c.IamAction.StartsWith("dynamodb:", StringComparison.Ordinal)))
        {
            foreach (var table in call.Table?.Split('|') ?? [.. Tables.Keys])
            {
                var actions = result.TryGetValue(table, out var a) ? a : result[table] = new(StringComparer.Ordinal);
                (actions.TryGetValue(call.IamAction, out var list) ? list : actions[call.IamAction] = []).Add(call);
            }
        }

        return result;
    }

    private static Dictionary<string, List<AwsCall>> CalledActions() =>
        Source.Value.AwsCalls
            .Where(c => !LocalOnlyCallSites.TryGetValue(Path.GetFileName(c.File), out var local) || !local.Actions.Contains(c.IamAction))
            .Where(c => !OnlyTestsCall.ContainsKey(c.IamAction))
            .GroupBy(c => c.IamAction, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

    private static Dictionary<string, List<string>> GrantedActions()
    {
        var template = Template.Value;
        var task = template.ResourcesOfType("AWS::ECS::TaskDefinition").Single();
        return template.AllowedActions(template.TaskRoleOf(task))
            .GroupBy(a => a.Action, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(a => a.Sid).Distinct().ToList(), StringComparer.Ordinal);
    }

    private static HashSet<string> TaskEnvironment()
    {
        var template = Template.Value;
        var task = template.ResourcesOfType("AWS::ECS::TaskDefinition").Single();
        // Only the worker's container: the collector sidecar has its own settings, which the worker never reads.
        return [.. template.ContainerEnvironment(task).Where(e => e.Container == "lunora-worker").Select(e => e.Name)];
    }

    /// <summary>IAM action names are case-insensitive and may end in a wildcard; ours should not, but do not misjudge one.</summary>
    private static bool Covered(string action, IEnumerable<string> granted) =>
        granted.Any(g => g.EndsWith('*')
            ? action.StartsWith(g[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(g, action, StringComparison.OrdinalIgnoreCase));

    private static bool Matches(string allowed, string name) =>
        allowed.EndsWith('_') ? name.StartsWith(allowed, StringComparison.Ordinal) : allowed == name;

    private static string Report(List<string> problems) =>
        problems.Count + " mismatch(es) between deploy/lunora-worker.yaml and src/Lunora.Worker:\n  " + string.Join("\n  ", problems);
}
