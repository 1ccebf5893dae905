using System.Globalization;
using System.Text;

namespace Consult.Cases.Index;

/// <summary>
/// How a listing's text (<see cref="CaseQuery.Search"/>: found in the case number or the applicant's
/// name, ignoring case) is looked up in the index: a whole case number by its day and sequence; a
/// name by its trigrams (three characters or more) or by its character pairs (two characters,
/// the common length of a Chinese given name with its surname); anything else by a scan of the period.
/// </summary>
public static class CaseTextSearch
{
    /// <summary>Ends each character pair in the <c>pairs</c> column, so that a pair is a three-character trigram of its own.</summary>
    public const char PairEnd = '\u001f';

    public enum Kind
    {
        /// <summary>Trigrams of the name (the text has three characters or more).</summary>
        Trigrams,

        /// <summary>The pair column (the text has two characters).</summary>
        Pair,

        /// <summary>A scan of the period's lines (one character, or text that may be part of a case number).</summary>
        Scan,
    }

    /// <summary>
    /// How to look <paramref name="text"/> up in the names, and the prefix of the case numbers it can
    /// be, if any: every number starts with <c>CS-</c>, so a text that does is found only at the start
    /// of a number; a text of digits and dashes may be anywhere in one, which only a scan finds.
    /// </summary>
    public static (Kind Names, string? NumberPrefix) Plan(string text)
    {
        if (!MayBePartOfNumber(text))
            return (ByLength(text), null);
        if (text.StartsWith("CS-", StringComparison.OrdinalIgnoreCase))
            return (ByLength(text), text.ToUpperInvariant());
        return (Kind.Scan, null);
    }

    private static Kind ByLength(string text) => text.Length switch
    {
        >= 3 => Kind.Trigrams,
        2 => Kind.Pair,
        _ => Kind.Scan,
    };

    /// <summary>Whether every character of <paramref name="text"/> can occur in a case number (<c>CS-yyyyMMdd-N</c>).</summary>
    public static bool MayBePartOfNumber(string text) =>
        text.All(c => char.IsAsciiDigit(c) || c is '-' or 'C' or 'c' or 'S' or 's');

    /// <summary>The <c>pairs</c> column of a name: each pair of neighbouring characters, each ended by <see cref="PairEnd"/>.</summary>
    public static string Pairs(string name)
    {
        var text = new StringBuilder(name.Length * 3);
        for (var i = 0; i + 1 < name.Length; i++)
            text.Append(name, i, 2).Append(PairEnd).Append(' ');
        return text.ToString();
    }

    /// <summary>An FTS5 query for one column holding <paramref name="text"/> as a phrase (a substring, under the trigram tokenizer).</summary>
    public static string Phrase(string column, string text) => $"{{{column}}} : \"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>What the grain's <see cref="CaseQuery.Matches"/> asks of the text, for the final check of the candidates.</summary>
    public static bool Matches(CaseSummary line, string text) =>
        line.CaseNumber.Contains(text, StringComparison.OrdinalIgnoreCase) || line.ApplicantName.Contains(text, StringComparison.OrdinalIgnoreCase);

    /// <summary>The sequence of a case number (<c>CS-yyyyMMdd-N</c>).</summary>
    public static long Sequence(string caseNumber) =>
        long.Parse(caseNumber.AsSpan(caseNumber.LastIndexOf('-') + 1), NumberStyles.None, CultureInfo.InvariantCulture);
}
