using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Consult.Server.Tests.Fixtures;

/// <summary>
/// A reminder table whose range reads (what a reminder service does when it starts) wait for a
/// gate the test opens; everything else goes straight to the table it wraps.
/// </summary>
public sealed class GatedReminderTable(IReminderTable inner, Task gate) : IReminderTable
{
    /// <summary>Wraps the reminder table the host registered last.</summary>
    public static void Wrap(IServiceCollection services, Task gate)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IReminderTable));
        services.AddSingleton<IReminderTable>(sp => new GatedReminderTable(Resolve(registered, sp), gate));
    }

    private static IReminderTable Resolve(ServiceDescriptor descriptor, IServiceProvider services) =>
        (IReminderTable)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task<ReminderTableData> ReadRows(GrainId grainId) => inner.ReadRows(grainId);

    public async Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        await gate;
        return await inner.ReadRows(begin, end);
    }

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => inner.ReadRow(grainId, reminderName);

    public Task<string?> UpsertRow(ReminderEntry entry) => inner.UpsertRow(entry);

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => inner.RemoveRow(grainId, reminderName, eTag);

    public Task TestOnlyClearTable() => inner.TestOnlyClearTable();

    public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);
}
