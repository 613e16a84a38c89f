namespace Lunora.Worker.Doctor;

/// <summary>One diagnosis. Rules are pure: they read the input and never call anything.</summary>
public interface IDoctorRule
{
    IEnumerable<Finding> Check(DoctorInput input);
}
