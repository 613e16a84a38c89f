using Lunora.Worker.State;

namespace Lunora.Worker.Encodings;

public static class EncodingRegistration
{
    /// <summary>
    /// Wraps the registered <see cref="IDesiredStateStore"/> so plans carry only presets Lunora can encode. Call after
    /// the state adapters are registered.
    /// </summary>
    public static IServiceCollection AddPresetEncoding(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IDesiredStateStore))
            ?? throw new InvalidOperationException("Register the desired state store before the preset encoding.");
        services.Remove(registered);
        services.AddSingleton<IDesiredStateStore>(sp => new EffectivePresetDesiredStateStore(Inner(sp, registered), sp.GetRequiredService<IPresetStore>()));
        return services;
    }

    private static IDesiredStateStore Inner(IServiceProvider sp, ServiceDescriptor registered) => registered switch
    {
        { ImplementationInstance: IDesiredStateStore instance } => instance,
        { ImplementationFactory: { } factory } => (IDesiredStateStore)factory(sp),
        { ImplementationType: { } type } => (IDesiredStateStore)ActivatorUtilities.CreateInstance(sp, type),
        _ => throw new InvalidOperationException("The desired state store registration has no implementation."),
    };
}
