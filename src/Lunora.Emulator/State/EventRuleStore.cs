using System.Collections.Concurrent;

namespace Lunora.Emulator.State;

/// <summary>EventBridge rules by name with their target ARNs: just what ListTargetsByRule reads. Tests put them.</summary>
internal sealed class EventRuleStore
{
    private readonly ConcurrentDictionary<string, string[]> _rules = new(StringComparer.Ordinal);

    public void Put(string rule, params string[] targetArns) => _rules[rule] = targetArns;

    public bool Remove(string rule) => _rules.TryRemove(rule, out _);

    public string[]? Targets(string rule) => _rules.TryGetValue(rule, out var targets) ? targets : null;
}
