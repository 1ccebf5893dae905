using Consult.Cases.Index;

namespace Consult.Grains.Tests.Cases;

public sealed class CaseTextSearchTests
{
    [Theory]
    [InlineData("欧阳明月", CaseTextSearch.Kind.Trigrams, null)]
    [InlineData("王芳", CaseTextSearch.Kind.Pair, null)]
    [InlineData("王", CaseTextSearch.Kind.Scan, null)]
    [InlineData("Li Ming", CaseTextSearch.Kind.Trigrams, null)]
    [InlineData("cs-20261130-0042", CaseTextSearch.Kind.Trigrams, "CS-20261130-0042")]
    [InlineData("CS-2026", CaseTextSearch.Kind.Trigrams, "CS-2026")]
    [InlineData("CS", CaseTextSearch.Kind.Scan, null)]
    [InlineData("0042", CaseTextSearch.Kind.Scan, null)]
    [InlineData("20261130-00", CaseTextSearch.Kind.Scan, null)]
    public void ATextIsLookedUpWhereItCanBe(string text, CaseTextSearch.Kind names, string? numberPrefix)
    {
        var plan = CaseTextSearch.Plan(text);
        Assert.Equal(names, plan.Names);
        Assert.Equal(numberPrefix, plan.NumberPrefix);
    }

    [Fact]
    public void EachPairOfANameIsAThreeCharacterTermOfItsOwn()
    {
        var pairs = CaseTextSearch.Pairs("欧阳明月");
        Assert.Equal(["欧阳\u001f", "阳明\u001f", "明月\u001f"], pairs.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("", CaseTextSearch.Pairs("王"));
    }

    [Fact]
    public void APhraseEscapesItsQuotes() =>
        Assert.Equal("{applicant} : \"O'Neil \"\"Jr\"\"\"", CaseTextSearch.Phrase("applicant", "O'Neil \"Jr\""));

    [Theory]
    [InlineData("CS-20261130-0042", 42)]
    [InlineData("CS-20261130-100000", 100000)]
    public void TheSequenceIsTheNumbersLastPart(string number, long sequence) =>
        Assert.Equal(sequence, CaseTextSearch.Sequence(number));
}
