namespace Consult.Calendar;

/// <summary>
/// Why a year's calendar data cannot be stored: a stable <see cref="Code"/> (the UI words it in
/// the reader's language), the date concerned where there is one, and the API's English message.
/// </summary>
public sealed record CalendarProblem(string Code, DateOnly? Day, string Message)
{
    public static class Codes
    {
        public const string Year = "year";
        public const string Required = "required";
        public const string TooMany = "tooMany";
        public const string OtherYear = "otherYear";
        public const string Twice = "twice";
        public const string Both = "both";
        public const string NotWeekend = "notWeekend";
    }

    public override string ToString() => Message;
}
