using Consult.Server.Records;

namespace Consult.Server.Tests.Records;

public sealed class RecordFontTests
{
    private const string MicroHei = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

    [Fact]
    public void TheFirstFaceOfDebiansCollectionIsAFontWithTrueTypeOutlines()
    {
        var font = TrueTypeFont.Read(MicroHei, out var problem);
        Assert.Null(problem);
        Assert.NotNull(font);
        // A font file of its own: TrueType's version tag, not the collection's "ttcf".
        Assert.Equal([0, 1, 0, 0], font[..4]);
    }

    [Fact]
    public void AConfiguredFontThatIsMissingOrNoFontStopsTheServerNamingTheKey()
    {
        var validator = new RecordOptionsValidator();
        var missing = validator.Validate(null, new RecordOptions { FontPath = "/nowhere/font.ttc" });
        Assert.True(missing.Failed);
        Assert.Contains("Consult:Records:FontPath", missing.FailureMessage, StringComparison.Ordinal);

        var notAFont = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(notAFont, new byte[64]);
            var refused = validator.Validate(null, new RecordOptions { FontPath = notAFont });
            Assert.True(refused.Failed);
            Assert.Contains("Consult:Records:FontPath", refused.FailureMessage, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(notAFont);
        }

        Assert.True(validator.Validate(null, new RecordOptions { FontPath = MicroHei }).Succeeded);
        Assert.True(validator.Validate(null, new RecordOptions()).Succeeded);
    }
}
