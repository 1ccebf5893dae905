using Consult.Common;

namespace Consult.Rooms;

/// <summary>
/// A room's external meeting link (DingTalk, Tencent Meeting, …), for centres that must hold the
/// session in another system: an absolute <c>https</c> address of at most <see cref="MaxLength"/>
/// characters, with a host and no user name or password in it.
/// </summary>
public static class MeetingLinks
{
    public const int MaxLength = 500;

    /// <summary>The link as kept (trimmed), or null for none (null or blank); anything else is <c>invalid_input</c>.</summary>
    public static string? Normalize(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
            return null;
        var link = url.Trim();
        if (link.Length > MaxLength)
            throw ConsultException.InvalidInput($"meetingLink is at most {MaxLength} characters.");
        if (link.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            || !Uri.TryCreate(link, UriKind.Absolute, out var uri)
            || uri.Scheme != Uri.UriSchemeHttps
            || string.IsNullOrEmpty(uri.Host)
            || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw ConsultException.InvalidInput("meetingLink must be an https:// address (the meeting's link from DingTalk, Tencent Meeting or the like).");
        }

        return link;
    }
}
