using System.Collections.Immutable;

namespace Consult.Cases;

/// <summary>
/// The case's statutory clock (<c>statutory</c> in the contract): the matter's legal limit in
/// working days from acceptance (the registration date in the centre's time zone), moved by the
/// working days it stood paused and by extensions.
/// </summary>
/// <param name="Due">
/// The last working day of the limit; while paused, the due date if the applicant resubmitted today.
/// </param>
/// <param name="Assumed">A year the count crosses has no working calendar: Monday to Friday were counted.</param>
/// <param name="RedCardAt">When the clock ran out with the case undecided (a red card); null otherwise.</param>
/// <param name="StoppedOn">
/// The day the case was decided (or withdrawn): the clock stopped there, <see cref="WorkingDaysLeft"/>
/// is what was left that day and <see cref="WorkingDaysUsed"/> the working days from acceptance
/// (pauses included); null while the clock runs.
/// </param>
[GenerateSerializer, Immutable, Alias("consult.statutory-clock")]
public sealed record StatutoryClockView(
    [property: Id(0)] int LimitWorkingDays,
    [property: Id(1)] DateOnly AcceptedOn,
    [property: Id(2)] DateOnly Due,
    [property: Id(3)] bool Paused,
    [property: Id(4)] ImmutableArray<StatutoryPause> Pauses,
    [property: Id(5)] ImmutableArray<StatutoryExtension> Extensions,
    [property: Id(6)] bool Assumed,
    [property: Id(7)] DateTimeOffset? RedCardAt,
    [property: Id(8)] int? WorkingDaysLeft,
    [property: Id(9)] DateOnly? StoppedOn = null,
    [property: Id(10)] int? WorkingDaysUsed = null);
