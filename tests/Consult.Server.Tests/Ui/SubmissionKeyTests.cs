using Consult.Cases;
using Consult.Server.Ui;

namespace Consult.Server.Tests.Ui;

public sealed class SubmissionKeyTests
{
    [Fact]
    public void ARetryOfTheSameFormSendsTheSameKeyAndAChangedFormANewOne()
    {
        var submission = new SubmissionKey();
        var form = new NewCase("school-bus", new ApplicantInfo("张三", "13800138000", null, null), "校车");

        var first = submission.For(form.ToString());
        Assert.True(Consult.Common.IdempotencyKeys.IsValid(first));
        Assert.Equal(first, submission.For((form with { Applicant = new ApplicantInfo("张三", "13800138000", null, null) }).ToString()));

        var changed = submission.For((form with { Summary = "校车 两辆" }).ToString());
        Assert.NotEqual(first, changed);
        // Changing it back is a third submission, not a retry of the first.
        Assert.NotEqual(first, submission.For(form.ToString()));
        Assert.NotEqual(first, new SubmissionKey().For(form.ToString()));
    }
}
