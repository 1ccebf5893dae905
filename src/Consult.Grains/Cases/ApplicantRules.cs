using System.Text.RegularExpressions;
using Consult.Common;

namespace Consult.Cases;

/// <summary>What an applicant's details must look like when a case is registered.</summary>
public static partial class ApplicantRules
{
    public static ApplicantInfo Validate(ApplicantInfo? applicant)
    {
        if (applicant is null)
            throw ConsultException.InvalidInput("applicant is required.");
        var name = applicant.Name?.Trim() ?? "";
        var phone = applicant.Phone?.Trim() ?? "";
        TextRules.Require(name, "applicant.name", 100);
        if (!PhonePattern().IsMatch(phone))
            throw ConsultException.InvalidInput("applicant.phone must be a phone number (digits, spaces, +, -, 5 to 20 characters).");
        var organization = string.IsNullOrWhiteSpace(applicant.Organization) ? null : applicant.Organization.Trim();
        TextRules.Require(organization, "applicant.organization", 200, required: false);
        var idNumber = string.IsNullOrWhiteSpace(applicant.IdNumber) ? null : applicant.IdNumber.Trim().ToUpperInvariant();
        if (idNumber is not null && !IdNumberPattern().IsMatch(idNumber))
            throw ConsultException.InvalidInput("applicant.idNumber must be a 15- or 18-character resident ID number.");
        return new ApplicantInfo(name, phone, organization, idNumber);
    }

    [GeneratedRegex(@"^\+?[0-9][0-9 \-]{3,18}[0-9]$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^([0-9]{15}|[0-9]{17}[0-9X])$")]
    private static partial Regex IdNumberPattern();
}
