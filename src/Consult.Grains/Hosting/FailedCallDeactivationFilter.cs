using Consult.Common;
using Microsoft.Extensions.Logging;

namespace Consult.Hosting;

/// <summary>
/// Grains change their state in memory, then write it. When a call fails for any reason other
/// than a domain refusal (the store timed out, another grain was unreachable), the activation may
/// hold a change that was never stored, and would serve it as if it had been. Such an activation is
/// deactivated, so its next call reads what is actually stored.
/// </summary>
public sealed partial class FailedCallDeactivationFilter(ILogger<FailedCallDeactivationFilter> logger) : IIncomingGrainCallFilter
{
    // A call that completed at once needs no watching: no state machine for it (every grain call passes here).
    // Nor does a call to a grain that recovers by itself: it is only reloaded first when stale.
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.Grain is IRecoversFromFailedWrites recovers)
            return recovers.ReloadIfStale() is { } reload ? InvokeAfter(reload, context) : context.Invoke();

        Task call;
        try
        {
            call = context.Invoke();
        }
        catch (Exception e)
        {
            call = Task.FromException(e);
        }

        return call.IsCompletedSuccessfully ? call : Watch(call, context);
    }

    private async Task Watch(Task call, IIncomingGrainCallContext context)
    {
        try
        {
            await call;
        }
        catch (Exception e) when (e is not ConsultException && !IsSystem(context))
        {
            LogDeactivating(logger, e, context.TargetId);
            // No exception in the reason: Orleans would fail every call still queued for this
            // activation with it (a client's quick retry got the same failure again); without one,
            // those calls are forwarded to a fresh activation, which reads what is stored.
            context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "A call failed; its changes may not be stored."));
            throw;
        }
    }

    private static async Task InvokeAfter(Task reload, IIncomingGrainCallContext context)
    {
        await reload;
        await context.Invoke();
    }

    private static bool IsSystem(IIncomingGrainCallContext context) =>
        context.Grain is not Grain || context.TargetId.Type.IsSystemTarget();

    [LoggerMessage(Level = LogLevel.Warning, Message = "A call to {GrainId} failed; deactivating it so that it reloads what is stored")]
    private static partial void LogDeactivating(ILogger logger, Exception exception, GrainId grainId);
}
