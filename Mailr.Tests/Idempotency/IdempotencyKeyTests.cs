using Mailr.Api.Idempotency;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Mailr.Tests.Idempotency;

public sealed class IdempotencyKeyTests
{
    [Fact]
    public void Read_NoHeader_NoKeyAndNoError()
    {
        var (key, error) = IdempotencyKey.Read(new HeaderDictionary());

        Assert.Null(key);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\u00a0")]
    [InlineData("k\r\nX-Injected: 1")]
    public void Read_EmptyOrBlankValue_Refused(string value)
    {
        var (key, error) = IdempotencyKey.Read(new HeaderDictionary { [IdempotencyKey.Header] = value });

        Assert.Null(key);
        Assert.NotNull(error);
    }

    [Fact]
    public void Read_TwoValues_Refused()
    {
        var (key, error) = IdempotencyKey.Read(new HeaderDictionary { [IdempotencyKey.Header] = new StringValues(["a", "a"]) });

        Assert.Null(key);
        Assert.NotNull(error);
    }

    [Fact]
    public void Read_MaxLengthPrintable_ReturnsKeyAsGiven()
    {
        var value = new string('~', IdempotencyKey.MaxLength - 1) + "!";

        var (key, error) = IdempotencyKey.Read(new HeaderDictionary { [IdempotencyKey.Header] = value });

        Assert.Equal(value, key);
        Assert.Null(error);
    }

    [Fact]
    public void Scope_OwnerAndKeySplitDifferently_Differ()
    {
        Assert.NotEqual(IdempotencyKey.Scope("ab", "c"), IdempotencyKey.Scope("a", "bc"));
        Assert.NotEqual(IdempotencyKey.Scope("a:1", "2"), IdempotencyKey.Scope("a", "1:2"));
        Assert.NotEqual(IdempotencyKey.Scope("", "k"), IdempotencyKey.Scope("alpha", "k"));
        Assert.Equal(IdempotencyKey.Scope("alpha", "k"), IdempotencyKey.Scope("alpha", "k"));
    }
}
