namespace Consult.Server.Ui;

/// <summary>
/// The idempotency key of a form's submission: the same key while the form sends the same thing
/// (pressing the button again after a timeout or an error retries that submission, and gets what
/// it did), a new one as soon as the form sends something else.
/// </summary>
public sealed class SubmissionKey
{
    private string? _submitted;
    private string _key = "";

    /// <param name="submission">What the form sends, as text (a record's <c>ToString</c> will do).</param>
    public string For(string submission)
    {
        if (_submitted != submission)
        {
            _submitted = submission;
            _key = Guid.NewGuid().ToString("N");
        }

        return _key;
    }
}
