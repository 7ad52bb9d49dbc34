namespace Mailr.Tests.Messages;

public sealed class MailboxParserTests
{
    [Theory]
    [InlineData("amit@example.com", "amit@example.com", null)]
    [InlineData("Display Name <a@b.com>", "a@b.com", "Display Name")]
    [InlineData("Amit Ruparel <amit@example.com>", "amit@example.com", "Amit Ruparel")]
    [InlineData("\"Ruparel, Amit\" <amit@example.com>", "amit@example.com", "Ruparel, Amit")]
    [InlineData("\"John \\\"JJ\\\" Doe\" <jj@example.com>", "jj@example.com", "John \"JJ\" Doe")]
    [InlineData("\"O'Brien\" <ob@example.ie>", "ob@example.ie", "O'Brien")]
    [InlineData("Jürgen Müller <j@example.de>", "j@example.de", "Jürgen Müller")]
    [InlineData("山田太郎 <taro@example.jp>", "taro@example.jp", "山田太郎")]
    [InlineData("\"Dvořák, Antonín\" <ad@example.cz>", "ad@example.cz", "Dvořák, Antonín")]
    [InlineData("<nobody@example.com>", "nobody@example.com", null)]
    [InlineData("curator@moma.museum", "curator@moma.museum", null)]
    [InlineData("shots@studio.photography", "shots@studio.photography", null)]
    [InlineData("tea@example.co.uk", "tea@example.co.uk", null)]
    [InlineData("ivan@example.xn--p1ai", "ivan@example.рф", null)]
    [InlineData("ivan@пример.рф", "ivan@пример.рф", null)]
    [InlineData("amit+newsletter@example.com", "amit+newsletter@example.com", null)]
    [InlineData("first.last@example.com", "first.last@example.com", null)]
    [InlineData("amit@example.com.", "amit@example.com", null)]
    [InlineData("\"john doe\"@example.com", "\"john doe\"@example.com", null)]
    [InlineData("  amit@example.com  ", "amit@example.com", null)]
    [InlineData("   Amit Ruparel <amit@example.com> ", "amit@example.com", "Amit Ruparel")]
    [InlineData("user@bücher.example", "user@bücher.example", null)]
    [InlineData("Büchereule <user@bücher.example>", "user@bücher.example", "Büchereule")]
    [InlineData("user@例え.テスト", "user@例え.テスト", null)]
    [InlineData("user@xn--bcher-kva.example", "user@bücher.example", null)]
    [InlineData("jürgen@example.de", "jürgen@example.de", null)]
    [InlineData("amit@example.com (Amit Ruparel)", "amit@example.com", "Amit Ruparel")]
    [InlineData("=?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <j@example.de>", "j@example.de", "Jürgen Müller")]
    public void TryParse_ValidMailbox_ReturnsExactAddressAndName(string input, string address, string? name)
    {
        var parsed = MailboxParser.TryParse(input, out var mailbox);

        Assert.True(parsed);
        Assert.NotNull(mailbox);
        Assert.Equal(address, mailbox.Address);
        Assert.Equal(name, mailbox.Name);
    }

    [Theory]
    [InlineData("user@bücher.example", "user@xn--bcher-kva.example")]
    [InlineData("User@BÜCHER.Example", "user@xn--bcher-kva.example")]
    [InlineData("user@例え.テスト", "user@xn--r8jz45g.xn--zckzah")]
    [InlineData("Amit.Ruparel@Example.COM", "amit.ruparel@example.com")]
    [InlineData("user@XN--BCHER-KVA.example", "user@xn--bcher-kva.example")]
    [InlineData("ivan@example.xn--p1ai", "ivan@example.xn--p1ai")]
    public void TryParse_MixedCaseOrIdnDomain_KeyIsLowerCasePunycode(string input, string key)
    {
        var parsed = MailboxParser.TryParse(input, out var mailbox);

        Assert.True(parsed);
        Assert.NotNull(mailbox);
        Assert.Equal(key, mailbox.Key);
    }

    [Theory]
    [InlineData("amit.example.com")]
    [InlineData("Amit Ruparel")]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t \t")]
    [InlineData("@example.com")]
    [InlineData("amit@")]
    [InlineData("a@b")]
    [InlineData("amit@localhost")]
    [InlineData("amit@example.123")]
    [InlineData("amit@10.0.0.1")]
    [InlineData("a@[127.0.0.1]")]
    [InlineData("a@[IPv6:::1]")]
    [InlineData("Last, First <a@b.com>")]
    [InlineData("a@b.com, c@d.com")]
    [InlineData("a@b.com c@d.com")]
    [InlineData("A <a@b.com>, C <c@d.com>")]
    [InlineData("a@b.com junk")]
    [InlineData("A <a@b.com> junk")]
    [InlineData("A <a@b.com")]
    [InlineData("a@b.com>")]
    [InlineData("amit@@example.com")]
    [InlineData("am it@example.com")]
    [InlineData(".amit@example.com")]
    [InlineData("amit.@example.com")]
    [InlineData("am..it@example.com")]
    [InlineData("amit@example..com")]
    [InlineData("amit@.example.com")]
    [InlineData("amit@-example.com")]
    [InlineData("amit@example-.com")]
    [InlineData("amit@example.-com")]
    [InlineData("amit@exa_mple.com")]
    [InlineData("amit@example.com..")]
    [InlineData("<@relay.example:amit@example.com>")]
    [InlineData("amit")]
    [InlineData("a@xn--.com")]
    [InlineData("a@xn--a.com")]
    [InlineData("a@xn--zz-.com")]
    [InlineData("a@exa mple.com")]
    [InlineData("\tamit@example.com")]
    [InlineData("Amit\tRuparel <amit@example.com>")]
    public void TryParse_NotOneMailbox_ReturnsFalse(string input)
    {
        var parsed = MailboxParser.TryParse(input, out _);

        Assert.False(parsed);
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse()
    {
        var parsed = MailboxParser.TryParse(null, out _);

        Assert.False(parsed);
    }

    [Fact]
    public void TryParse_LocalPartOf64_ReturnsTrue()
    {
        var input = $"{new string('a', 64)}@example.com";

        var parsed = MailboxParser.TryParse(input, out var mailbox);

        Assert.True(parsed);
        Assert.NotNull(mailbox);
        Assert.Equal(input, mailbox.Address);
    }

    [Fact]
    public void TryParse_LocalPartOf65_ReturnsFalse()
    {
        var parsed = MailboxParser.TryParse($"{new string('a', 65)}@example.com", out _);

        Assert.False(parsed);
    }

    [Fact]
    public void TryParse_UnicodeLocalPartOver64Octets_ReturnsFalse()
    {
        var parsed = MailboxParser.TryParse($"{new string('ü', 33)}@example.com", out _);

        Assert.False(parsed);
    }

    [Fact]
    public void TryParse_AddressOf254_ReturnsTrue()
    {
        var input = $"{new string('a', 64)}@{Labels(63, 63, 57)}.com";

        var parsed = MailboxParser.TryParse(input, out var mailbox);

        Assert.Equal(254, input.Length);
        Assert.True(parsed);
        Assert.NotNull(mailbox);
        Assert.Equal(input, mailbox.Address);
    }

    [Fact]
    public void TryParse_AddressOf255_ReturnsFalse()
    {
        var input = $"{new string('a', 64)}@{Labels(63, 63, 58)}.com";

        var parsed = MailboxParser.TryParse(input, out _);

        Assert.Equal(255, input.Length);
        Assert.False(parsed);
    }

    [Fact]
    public void TryParse_IdnAddressOver254InPunycode_ReturnsFalse()
    {
        var input = $"{new string('a', 64)}@{new string('ü', 57)}.{new string('ü', 57)}.{new string('ü', 57)}.com";

        var parsed = MailboxParser.TryParse(input, out _);

        Assert.True(input.Length <= 254);
        Assert.False(parsed);
    }

    [Fact]
    public void TryParse_LongerThan998Characters_ReturnsFalse()
    {
        var parsed = MailboxParser.TryParse($"\"{new string('n', 980)}\" <amit@example.com>", out _);

        Assert.False(parsed);
    }

    [Fact]
    public void TryParse_DomainLabelOf63_ReturnsTrue()
    {
        var input = $"amit@{new string('d', 63)}.com";

        var parsed = MailboxParser.TryParse(input, out var mailbox);

        Assert.True(parsed);
        Assert.NotNull(mailbox);
        Assert.Equal(input, mailbox.Address);
    }

    [Fact]
    public void TryParse_DomainLabelOf64_ReturnsFalse()
    {
        var parsed = MailboxParser.TryParse($"amit@{new string('d', 64)}.com", out _);

        Assert.False(parsed);
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\0")]
    public void TryParse_ControlInDisplayName_ReturnsFalse(string control)
    {
        var parsed = MailboxParser.TryParse($"foo{control} <wok@example.com>", out _);

        Assert.False(parsed);
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\0")]
    public void TryParse_ControlInLocalPart_ReturnsFalse(string control)
    {
        var parsed = MailboxParser.TryParse($"wok{control}@example.com", out _);

        Assert.False(parsed);
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\0")]
    public void TryParse_ControlInDomain_ReturnsFalse(string control)
    {
        var parsed = MailboxParser.TryParse($"Wok <wok@example.com{control}>", out _);

        Assert.False(parsed);
    }

    [Theory]
    [InlineData("\r")]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\0")]
    public void TryParse_ControlAfterAddrSpec_ReturnsFalse(string control)
    {
        var parsed = MailboxParser.TryParse($"wok@example.com{control}", out _);

        Assert.False(parsed);
    }

    [Theory]
    [InlineData("wok@example.com\r\nBcc: victim@example.org")]
    [InlineData("Wok <wok@example.com>\r\nBcc: victim@example.org")]
    [InlineData("\"foo\r\nBcc: victim@example.org\" <wok@example.com>")]
    [InlineData("\"wok\r\n\"@example.com")]
    [InlineData("foo\u0085 <wok@example.com>")]
    [InlineData("foo\u001b <wok@example.com>")]
    public void TryParse_HeaderInjectionAttempt_ReturnsFalse(string input)
    {
        var parsed = MailboxParser.TryParse(input, out _);

        Assert.False(parsed);
    }

    [Theory]
    [InlineData("=?utf-8?q?foo=0D=0ABcc:_victim@example.org?= <wok@example.com>")]
    [InlineData("=?utf-8?q?foo=0A?= <wok@example.com>")]
    [InlineData("=?utf-8?q?foo=0D?= <wok@example.com>")]
    [InlineData("=?utf-8?q?foo=00?= <wok@example.com>")]
    [InlineData("=?utf-8?B?Zm9vDQpCY2M6IHZpY3RpbUBleGFtcGxlLm9yZw==?= <wok@example.com>")]
    public void TryParse_EncodedWordDecodingToControl_ReturnsFalse(string input)
    {
        var parsed = MailboxParser.TryParse(input, out _);

        Assert.False(parsed);
    }

    private static string Labels(params int[] lengths) =>
        string.Join('.', lengths.Select((length, i) => new string((char)('b' + i), length)));
}
