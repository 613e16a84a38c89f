namespace Lunora.Worker.Loop;

/// <summary>The one place that says whether an error is worth retrying (transient) or must wait for a change (terminal).</summary>
public interface IFailureClassifier
{
    bool IsTransient(Exception error);
}
