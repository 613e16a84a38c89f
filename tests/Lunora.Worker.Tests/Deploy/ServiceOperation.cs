namespace Lunora.Worker.Tests.Deploy;

/// <summary>One AWS operation and the IAM actions a caller needs for it.</summary>
/// <param name="Markers">Text that shows a source file talks to this service; used only when a method name is shared by several services.</param>
internal sealed record ServiceOperation(string Service, string Operation, IReadOnlyList<string> IamActions, IReadOnlyList<string> Markers);
