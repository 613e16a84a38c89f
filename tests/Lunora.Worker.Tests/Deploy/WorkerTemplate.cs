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

    /// <summary>Every action in an Allow statement of the role's policies, with the statement's Sid.</summary>
    public IReadOnlyList<(string Action, string Sid)> AllowedActions(string roleLogicalId) =>
        [.. AllowStatements(roleLogicalId).SelectMany(st => st.Actions.Select(a => (a, st.Sid)))];

    /// <summary>
    /// Every Allow statement of the role: its inline policies and every AWS::IAM::Policy attached to it with
    /// <c>Roles: [!Ref Role]</c> (also those an <c>Fn::ForEach</c> repeats). Resources are given as written (the text of
    /// <c>!Sub</c>, <c>!GetAtt</c>...), for matching by name.
    /// </summary>
    public IReadOnlyList<(string Sid, IReadOnlyList<string> Actions, IReadOnlyList<string> Resources)> AllowStatements(string roleLogicalId)
    {
        var role = ResourceOfType(roleLogicalId, "AWS::IAM::Role");
        var documents = new List<YamlMappingNode>();
        if (TryGet(role, "Properties", out YamlMappingNode? properties) && TryGet(properties!, "Policies", out YamlSequenceNode? policies))
        {
            documents.AddRange(policies!.OfType<YamlMappingNode>().Select(p => (YamlMappingNode)p["PolicyDocument"]));
        }

        foreach (var (_, policy) in AllResources().Where(r => Scalar(r.Node, "Type") == "AWS::IAM::Policy"))
        {
            var props = (YamlMappingNode)policy["Properties"];
            if (TryGet(props, "Roles", out YamlSequenceNode? roles) && roles!.OfType<YamlScalarNode>().Any(r => r.Tag.Value == "!Ref" && r.Value == roleLogicalId))
            {
                documents.Add((YamlMappingNode)props["PolicyDocument"]);
            }
        }

        var result = new List<(string, IReadOnlyList<string>, IReadOnlyList<string>)>();
        foreach (var document in documents)
        {
            foreach (var statement in ((YamlSequenceNode)document["Statement"]).OfType<YamlMappingNode>())
            {
                if (Scalar(statement, "Effect") != "Allow")
                {
                    continue;
                }

                var resources = statement.Children.TryGetValue(new YamlScalarNode("Resource"), out var r) ? Texts(r).ToList() : [];
                result.Add((Scalar(statement, "Sid") ?? "(no Sid)", Scalars(statement["Action"]).ToList(), resources));
            }
        }

        return result;
    }

    /// <summary>
    /// Every resource with its logical id: the top-level ones and those inside an <c>Fn::ForEach::Name</c> block (whose
    /// logical ids keep their <c>${Identifier}</c> placeholder).
    /// </summary>
    public IReadOnlyList<(string LogicalId, YamlMappingNode Node)> AllResources()
    {
        var result = new List<(string, YamlMappingNode)>();
        foreach (var (key, value) in _resources.Children)
        {
            var id = ((YamlScalarNode)key).Value!;
            if (value is YamlMappingNode resource)
            {
                result.Add((id, resource));
            }
            else if (id.StartsWith("Fn::ForEach::", StringComparison.Ordinal) && value is YamlSequenceNode loop && loop.Children.Count == 3 && loop[2] is YamlMappingNode body)
            {
                result.AddRange(body.Children.Where(c => c.Value is YamlMappingNode).Select(c => (((YamlScalarNode)c.Key).Value!, (YamlMappingNode)c.Value)));
            }
        }

        return result;
    }

    /// <summary>The collection each <c>Fn::ForEach::Name</c> block loops over (<c>!Ref Parameter</c>), by block name.</summary>
    public IReadOnlyDictionary<string, string> ForEachCollections() =>
        _resources.Children
            .Where(c => ((YamlScalarNode)c.Key).Value!.StartsWith("Fn::ForEach::", StringComparison.Ordinal) && c.Value is YamlSequenceNode { Children.Count: 3 })
            .ToDictionary(c => ((YamlScalarNode)c.Key).Value!["Fn::ForEach::".Length..], c => Texts(((YamlSequenceNode)c.Value)[1]).Single(), StringComparer.Ordinal);

    /// <summary>A container's environment value as written (a scalar's text; the template string of a <c>!Sub</c>).</summary>
    public string? ContainerEnvironmentValue(string taskDefinitionLogicalId, string container, string name)
    {
        var task = ResourceOfType(taskDefinitionLogicalId, "AWS::ECS::TaskDefinition");
        var containers = (YamlSequenceNode)((YamlMappingNode)task["Properties"])["ContainerDefinitions"];
        var definition = containers.OfType<YamlMappingNode>().Single(c => Scalar(c, "Name") == container);
        return TryGet(definition, "Environment", out YamlSequenceNode? environment)
            ? environment!.OfType<YamlMappingNode>().Where(e => Scalar(e, "Name") == name).Select(e => Texts(e["Value"]).FirstOrDefault()).FirstOrDefault()
            : null;
    }

    /// <summary>The scalar texts under a node, tags ignored: <c>!Sub "x"</c> gives x, <c>[!Ref A, !GetAtt B.Arn]</c> gives A and B.Arn.</summary>
    public static IEnumerable<string> Texts(YamlNode node) => node switch
    {
        YamlScalarNode s => [s.Value ?? ""],
        YamlSequenceNode seq => seq.SelectMany(Texts),
        YamlMappingNode map => map.Children.Values.SelectMany(Texts),
        _ => [],
    };

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

    public YamlMappingNode ResourceOfType(string logicalId, string type)
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

    public static string? Scalar(YamlMappingNode map, string key) =>
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
