using Consult.Common;

namespace Consult.Grains.Tests.Cases;

public sealed class IdempotencyKeysTests
{
    [Fact]
    public void ACaseIdIsTheSameForTheSameUserAndKeyAndDiffersOtherwise()
    {
        var id = IdempotencyKeys.CaseId("window", "key-1");

        Assert.Equal(id, IdempotencyKeys.CaseId("window", "key-1"));
        Assert.NotEqual(id, IdempotencyKeys.CaseId("window2", "key-1"));
        Assert.NotEqual(id, IdempotencyKeys.CaseId("window", "key-2"));
        // No (user, key) pair spells another's input.
        Assert.NotEqual(IdempotencyKeys.CaseId("ab", "c"), IdempotencyKeys.CaseId("a", "bc"));
        Assert.Equal(8, id.Version);
        Assert.Equal(0b10, id.ToByteArray(bigEndian: true)[8] >> 6);
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("550e8400-e29b-41d4-a716-446655440000", true)]
    [InlineData("!~", true)]
    [InlineData("", false)]
    [InlineData("two words", false)]
    [InlineData("line\nbreak", false)]
    [InlineData("密钥", false)]
    [InlineData("nul\0", false)]
    public void AKeyIsOneTo128VisibleAsciiCharacters(string key, bool valid)
    {
        Assert.Equal(valid, IdempotencyKeys.IsValid(key));
        Assert.True(IdempotencyKeys.IsValid(new string('k', IdempotencyKeys.MaxLength)));
        Assert.False(IdempotencyKeys.IsValid(new string('k', IdempotencyKeys.MaxLength + 1)));
    }
}
