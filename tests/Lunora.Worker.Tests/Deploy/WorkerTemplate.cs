using YamlDotNet.RepresentationModel;

namespace Lunora.Worker.Tests.Deploy;

/// <summary>
/// The parts of deploy/lunora-worker.yaml the cross-check needs. CloudFormation's short-form tags (!Sub, !Ref,
/// !GetAtt) are ordinary tagged nodes to YamlDotNet, so the document parses as it is.
/// </summary>
internal sealed class WorkerTemplate
{
    private readonly YamlMappingNode _resources;

    private WorkerTemplate(YamlMappingNode root)
    {
        _resources = (YamlMappingNode)root["Resources"];
    }

    public static WorkerTemplate Load(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader);
    }

    public static WorkerTemplate Parse(TextReader reader)
    {
        var stream = new YamlStream();
        stream.Load(reader);
        return new WorkerTemplate((YamlMappingNode)stream.Documents[0].RootNode);
    }

    /// <summary>Every action in an Allow statement of the role's inline policies, with the statement's Sid.</summary>
    public IReadOnlyList<(string Action, string Sid)> AllowedActions(string roleLogicalId)
    {
        var role = ResourceOfType(roleLogicalId, "AWS::IAM::Role");
        var result = new List<(string, string)>();
        if (!TryGet(role, "Properties", out YamlMappingNode? properties) || !TryGet(properties!, "Policies", out YamlSequenceNode? policies))
        {
            return result;
        }

        foreach (var policy in policies!.OfType<YamlMappingNode>())
        {
            var document = (YamlMappingNode)policy["PolicyDocument"];
            foreach (var statement in ((YamlSequenceNode)document["Statement"]).OfType<YamlMappingNode>())
            {
                if (Scalar(statement, "Effect") != "Allow")
                {
                    continue;
                }

                var sid = Scalar(statement, "Sid") ?? "(no Sid)";
                foreach (var action in Scalars(statement["Action"]))
                {
                    result.Add((action, sid));
                }
            }
        }

        return result;
    }

    /// <summary>The Environment names of every container in the task definition, with the container name.</summary>
    public IReadOnlyList<(string Name, string Container)> ContainerEnvironment(string taskDefinitionLogicalId)
    {
        var task = ResourceOfType(taskDefinitionLogicalId, "AWS::ECS::TaskDefinition");
        var result = new List<(string, string)>();
        var containers = (YamlSequenceNode)((YamlMappingNode)task["Properties"])["ContainerDefinitions"];
        foreach (var container in containers.OfType<YamlMappingNode>())
        {
            var name = Scalar(container, "Name") ?? "(unnamed)";
            if (TryGet(container, "Environment", out YamlSequenceNode? environment))
            {
                result.AddRange(environment!.OfType<YamlMappingNode>().Select(e => (Scalar(e, "Name")!, name)));
            }
        }

        return result;
    }

    /// <summary>The logical id of the role in the task definition's TaskRoleArn (<c>!GetAtt Role.Arn</c> or <c>!Ref</c>).</summary>
    public string TaskRoleOf(string taskDefinitionLogicalId)
    {
        var task = ResourceOfType(taskDefinitionLogicalId, "AWS::ECS::TaskDefinition");
        var arn = ((YamlMappingNode)task["Properties"])["TaskRoleArn"];
        return arn switch
        {
            YamlScalarNode s when s.Tag.Value is "!GetAtt" && s.Value!.EndsWith(".Arn", StringComparison.Ordinal) => s.Value[..^".Arn".Length],
            YamlScalarNode s when s.Tag.Value is "!Ref" => s.Value!,
            YamlSequenceNode seq when seq.Tag.Value is "!GetAtt" => ((YamlScalarNode)seq[0]).Value!,
            YamlMappingNode m when m.Children.TryGetValue(new YamlScalarNode("Fn::GetAtt"), out var getAtt) => getAtt is YamlSequenceNode s
                ? ((YamlScalarNode)s[0]).Value!
                : ((YamlScalarNode)getAtt).Value!.Split('.')[0],
            _ => throw new InvalidOperationException($"TaskRoleArn of {taskDefinitionLogicalId} does not name a role of this template ({arn.Start})."),
        };
    }

    public IReadOnlyList<string> ResourcesOfType(string type) =>
        [.. _resources.Children
            .Where(p => p.Value is YamlMappingNode r && Scalar(r, "Type") == type)
            .Select(p => ((YamlScalarNode)p.Key).Value!)];

    private YamlMappingNode ResourceOfType(string logicalId, string type)
    {
        if (!TryGet(_resources, logicalId, out YamlMappingNode? resource))
        {
            throw new InvalidOperationException($"The template has no resource {logicalId}.");
        }

        var actual = Scalar(resource!, "Type");
        return actual == type
            ? resource!
            : throw new InvalidOperationException($"Resource {logicalId} is a {actual}, not a {type}.");
    }

    private static IEnumerable<string> Scalars(YamlNode node) => node switch
    {
        YamlScalarNode s => [s.Value ?? ""],
        YamlSequenceNode seq => seq.OfType<YamlScalarNode>().Select(s => s.Value ?? ""),
        _ => throw new InvalidOperationException($"Expected a string or a list of strings at {node.Start}."),
    };

    private static string? Scalar(YamlMappingNode map, string key) =>
        TryGet(map, key, out YamlScalarNode? node) ? node!.Value : null;

    private static bool TryGet<T>(YamlMappingNode map, string key, out T? value)
        where T : YamlNode
    {
        if (map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is T typed)
        {
            value = typed;
            return true;
        }

        value = null;
        return false;
    }
}
