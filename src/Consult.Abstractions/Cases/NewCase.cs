namespace Consult.Cases;

[GenerateSerializer, Immutable, Alias("consult.new-case")]
public sealed record NewCase(
    [property: Id(0)] string MatterCode,
    [property: Id(1)] ApplicantInfo Applicant,
    [property: Id(2)] string Summary);
