namespace Consult.Cases;

[GenerateSerializer, Immutable, Alias("consult.applicant")]
public sealed record ApplicantInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] string Phone,
    [property: Id(2)] string? Organization = null,
    [property: Id(3)] string? IdNumber = null)
{
    /// <summary>The applicant as everyone but the receiving window sees them.</summary>
    public ApplicantInfo Masked() => this with
    {
        Phone = Mask(Phone, 3, 4),
        IdNumber = IdNumber is null ? null : Mask(IdNumber, 4, 4),
    };

    /// <summary>The name as the public sees it: the family name and a mark per other character.</summary>
    public static string MaskName(string name) =>
        name.Length <= 1 ? name : string.Concat(name.AsSpan(0, 1), new string('*', name.Length - 1));

    private static string Mask(string value, int keepStart, int keepEnd) =>
        value.Length <= keepStart + keepEnd
            ? new string('*', value.Length)
            : string.Concat(value.AsSpan(0, keepStart), new string('*', value.Length - keepStart - keepEnd), value.AsSpan(value.Length - keepEnd));
}
