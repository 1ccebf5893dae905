using System.Globalization;
using System.Text;

namespace Consult.Common;

/// <summary>
/// What a person may type into a name or a text: no NUL or other control characters (a newline
/// only in long text), no bidirectional overrides (they make "gpj.exe" look like "exe.jpg"), and
/// not only invisible characters. Pure, so every grain and endpoint applies the same rule.
/// </summary>
public static class TextRules
{
    /// <summary>The refusal for <paramref name="value"/>, or null when it may be stored.</summary>
    /// <param name="field">The field as the contract names it, for the message.</param>
    /// <param name="multiline">Long text (a comment, a statement): newlines and tabs are allowed.</param>
    public static string? Problem(string? value, string field, int maxLength, bool required = true, bool multiline = false)
    {
        if (string.IsNullOrEmpty(value))
            return required ? $"{field} is required." : null;
        if (value.Length > maxLength)
            return $"{field} is at most {maxLength} characters.";
        var visible = false;
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Value is '\n' or '\r' or '\t')
            {
                if (!multiline)
                    return $"{field} must be one line.";
                continue;
            }

            if (Rune.IsControl(rune))
                return $"{field} contains a control character (U+{rune.Value:X4}).";
            if (IsBidiControl(rune.Value))
                return $"{field} contains a text-direction control character (U+{rune.Value:X4}).";
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
                return $"{field} contains a character that cannot be shown (U+{rune.Value:X4}).";
            if (!IsInvisible(rune, category))
                visible = true;
        }

        if (!visible)
            return required ? $"{field} is required (it holds only blank or invisible characters)." : $"{field} holds only blank or invisible characters.";
        return null;
    }

    /// <summary>Throws <c>invalid_input</c> when <see cref="Problem"/> finds one.</summary>
    public static void Require(string? value, string field, int maxLength, bool required = true, bool multiline = false)
    {
        if (Problem(value, field, maxLength, required, multiline) is { } problem)
            throw ConsultException.InvalidInput(problem);
    }

    /// <summary>A key or id chosen by a client program: printable ASCII, no spaces.</summary>
    public static string? KeyProblem(string? value, string field, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
            return $"{field} is required.";
        if (value.Length > maxLength)
            return $"{field} is at most {maxLength} characters.";
        return value.All(c => c is > ' ' and < (char)0x7F) ? null : $"{field} must be printable ASCII without spaces.";
    }

    public static void RequireKey(string? value, string field, int maxLength)
    {
        if (KeyProblem(value, field, maxLength) is { } problem)
            throw ConsultException.InvalidInput(problem);
    }

    private static bool IsBidiControl(int c) => c is (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069) or 0x200E or 0x200F or 0x061C;

    private static bool IsInvisible(Rune rune, UnicodeCategory category) =>
        Rune.IsWhiteSpace(rune)
        || category is UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
        || rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800 or 0x034F;
}
