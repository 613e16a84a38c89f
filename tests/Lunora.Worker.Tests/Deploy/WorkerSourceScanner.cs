using System.Text.RegularExpressions;

namespace Lunora.Worker.Tests.Deploy;

/// <summary>
/// Finds, in C# source, the AWS operations the code calls and the environment variables it reads. Textual on purpose:
/// it must keep working while the code is rewritten, so it keys on the shapes every such call takes rather than on
/// particular classes.
/// <list type="bullet">
/// <item>AWS calls: <c>.OperationAsync(</c> (an SDK client or one of our clients), in a file that mentions the service
/// (<c>IAmazonSQS</c>, <c>Amazon.DynamoDBv2</c>, <c>MediaLive</c>...), so a method of ours that happens to share an AWS
/// operation's name elsewhere is not counted; and for MediaLive and CloudWatch, which our own clients call over HTTP,
/// a string literal naming the operation (<c>"DescribeChannel"</c>, X-Amz-Target <c>"...GetMetricData"</c>).</item>
/// <item>Environment: an UPPER_SNAKE string literal used as an indexer key (<c>configuration["NAME"]</c>) or as the
/// first or second argument of a call (<c>GetEnvironmentVariable("NAME")</c>, <c>GetValue&lt;int&gt;("NAME")</c>,
/// <c>Value(configuration, "NAME")</c>, <c>Seconds("NAME", fallback)</c>). A literal ending in <c>_</c> is a prefix
/// the code completes at run time (<c>"AWS_ENDPOINT_URL_" + service</c>).</item>
/// </list>
/// For a DynamoDB call, the table is the first <c>TableName = x.SomethingTable</c> after the call and before the next
/// one; <c>TableName = table</c> (a parameter) is followed to the callers of the enclosing method in the same file.
/// Comments are blanked first, so a name that is only mentioned in a comment does not count (and string contents, for calls).
/// </summary>
internal sealed partial class WorkerSourceScanner(IamActionTable table)
{
    public IReadOnlyList<AwsCall> AwsCalls { get; private set; } = [];

    public IReadOnlyList<EnvironmentRead> EnvironmentReads { get; private set; } = [];

    public static WorkerSourceScanner ScanDirectory(IamActionTable table, string directory, string displayRoot)
    {
        var scanner = new WorkerSourceScanner(table);
        var calls = new List<AwsCall>();
        var reads = new List<EnvironmentRead>();
        var sep = Path.DirectorySeparatorChar;
        foreach (var file in Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{sep}obj{sep}", StringComparison.Ordinal) && !f.Contains($"{sep}bin{sep}", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            var display = Path.GetRelativePath(displayRoot, file).Replace('\\', '/');
            var (c, r) = scanner.ScanFile(display, File.ReadAllText(file));
            calls.AddRange(c);
            reads.AddRange(r);
        }

        scanner.AwsCalls = calls;
        scanner.EnvironmentReads = reads;
        return scanner;
    }

    public (IReadOnlyList<AwsCall> Calls, IReadOnlyList<EnvironmentRead> Reads) ScanFile(string path, string source)
    {
        var code = CSharpComments.Strip(source);
        var codeOnly = CSharpComments.Strip(source, blankStrings: true);
        var context = path + "\n" + code;
        var lines = LineStarts(code);
        var calls = new List<AwsCall>();
        var reads = new List<EnvironmentRead>();

        void AddCall(string operation, int index, bool ownClientsOnly)
        {
            string? tableOf = null;
            var tableResolved = false;
            foreach (var op in table.Lookup(operation))
            {
                if (ownClientsOnly && !table.OwnClientOperations.Contains(op.Operation))
                {
                    continue;
                }

                if (!op.Markers.Any(m => context.Contains(m, StringComparison.Ordinal)))
                {
                    continue;
                }

                if (op.Service == "dynamodb" && !tableResolved)
                {
                    tableOf = DynamoTable(code, index);
                    tableResolved = true;
                }

                foreach (var action in op.IamActions)
                {
                    calls.Add(new AwsCall(action, op.Service + ":" + op.Operation, path, LineOf(lines, index), op.Service == "dynamodb" ? tableOf : null));
                }
            }
        }

        foreach (Match m in MethodCall().Matches(codeOnly))
        {
            AddCall(m.Groups["op"].Value, m.Index, ownClientsOnly: false);
        }

        foreach (Match m in OperationLiteral().Matches(code))
        {
            AddCall(m.Groups["op"].Value, m.Index, ownClientsOnly: true);
        }

        foreach (var regex in new[] { EnvironmentIndexer(), EnvironmentArgument() })
        {
            foreach (Match m in regex.Matches(code))
            {
                var name = m.Groups["name"].Value;
                var isPrefix = name.EndsWith('_');
                reads.Add(new EnvironmentRead(name, isPrefix, path, LineOf(lines, m.Groups["name"].Index)));
            }
        }

        // A name kept in a constant (const string KeyframeVariable = "LUNORA_..."), read through that constant in the
        // same file: configuration[KeyframeVariable], GetEnvironmentVariable(Options.Variable).
        foreach (Match constant in ConstantName().Matches(code))
        {
            var id = Regex.Escape(constant.Groups["id"].Value);
            var use = new Regex(@"\[\s*(?:[\w.]+\.)?" + id + @"\s*\]|\b[A-Za-z_]\w*(?:<[^<>()""]*>)?\s*\(\s*(?:[A-Za-z_][\w.]*\s*,\s*)?(?:[\w.]+\.)?" + id + @"\s*[,)]");
            if (use.IsMatch(code))
            {
                var name = constant.Groups["name"].Value;
                reads.Add(new EnvironmentRead(name, name.EndsWith('_'), path, LineOf(lines, constant.Groups["name"].Index)));
            }
        }

        return (calls, reads);
    }

    private static string? DynamoTable(string code, int callIndex)
    {
        var afterCall = code.IndexOf('(', callIndex);
        var next = NextCall().Match(code, afterCall + 1);
        var end = next.Success ? next.Index : code.Length;
        var name = TableNameAssignment().Match(code[afterCall..end]);
        if (!name.Success)
        {
            return null;
        }

        var expression = name.Groups["expr"].Value;
        if (expression.Contains('.', StringComparison.Ordinal))
        {
            return expression[(expression.LastIndexOf('.') + 1)..];
        }

        // A parameter: the enclosing method's callers in this file name the table. Several different tables: unknown.
        var signature = MethodWithParameter(expression).Matches(code[..callIndex]).LastOrDefault();
        if (signature is null)
        {
            return null;
        }

        var tables = new Regex(@"\b" + Regex.Escape(signature.Groups["method"].Value) + @"\(\s*[\w.]*\.(?<table>\w+Table)\b")
            .Matches(code)
            .Select(m => m.Groups["table"].Value)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return tables.Count == 1 ? tables[0] : tables.Count > 1 ? string.Join("|", tables.Order(StringComparer.Ordinal)) : null;
    }

    private static Regex MethodWithParameter(string parameter) =>
        new(@"\b(?<method>[A-Z]\w*)\s*(?:<[^<>]*>)?\s*\([^()]*\bstring\s+" + Regex.Escape(parameter) + @"\b[^()]*\)\s*(?:\{|=>)");

    private static List<int> LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    private static int LineOf(List<int> starts, int index)
    {
        var i = starts.BinarySearch(index);
        return (i >= 0 ? i : ~i - 1) + 1;
    }

    [GeneratedRegex(@"\.\s*(?<op>[A-Z][A-Za-z0-9]*?)Async\s*\(")]
    private static partial Regex MethodCall();

    [GeneratedRegex(@"\bconst\s+string\s+(?<id>\w+)\s*=\s*""(?<name>[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+_?)""")]
    private static partial Regex ConstantName();

    [GeneratedRegex(@"\.\s*[A-Z][A-Za-z0-9]*Async\s*\(")]
    private static partial Regex NextCall();

    [GeneratedRegex(@"\bTableName\s*=\s*(?<expr>[A-Za-z_][\w.]*)")]
    private static partial Regex TableNameAssignment();

    [GeneratedRegex(@"""(?:[A-Za-z0-9_]+\.)?(?<op>[A-Z][A-Za-z0-9]+)""")]
    private static partial Regex OperationLiteral();

    [GeneratedRegex(@"\[\s*""(?<name>[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+_?)""\s*\]")]
    private static partial Regex EnvironmentIndexer();

    [GeneratedRegex(@"\b[A-Za-z_]\w*(?:<[^<>()""]*>)?\s*\(\s*(?:[A-Za-z_][\w.]*\s*,\s*)?""(?<name>[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+_?)""")]
    private static partial Regex EnvironmentArgument();
}
