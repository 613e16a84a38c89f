namespace Lunora.Worker.Loop;

/// <param name="HandBack">The run stopped early on purpose (after a restart's stop, or a slow transition): plan again from fresh reads.</param>
public readonly record struct ExecutionResult(int Mutations, bool NotLeader, bool HandBack);
