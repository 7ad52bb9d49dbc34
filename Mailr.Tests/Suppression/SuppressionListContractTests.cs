using Mailr.Grains.Suppression;

namespace Mailr.Tests.Suppression;

/// <summary>The rules every <see cref="ISuppressionList"/> keeps; each store's test class runs them all.</summary>
public abstract class SuppressionListContractTests
{
    protected DateTimeOffset Now { get; } = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    protected abstract ISuppressionList List { get; }

    [Fact]
    public async Task AddAsync_NewAddress_TrueAndGetReturnsEntry()
    {
        var owner = NewOwner();
        var entry = new SuppressionEntry("jay@example.com", SuppressionReason.Bounced, Now);

        var added = await List.AddAsync(owner, entry);
        var stored = await List.GetAsync(owner, "jay@example.com");

        Assert.True(added);
        Assert.Equal(entry, stored);
    }

    [Fact]
    public async Task AddAsync_AddressPresent_FalseAndFirstEntryKept()
    {
        var owner = NewOwner();
        var first = new SuppressionEntry("jay@example.com", SuppressionReason.Complained, Now);
        await List.AddAsync(owner, first);

        var added = await List.AddAsync(owner, new SuppressionEntry("JAY@example.com", SuppressionReason.Manual, Now.AddMinutes(5)));
        var stored = await List.GetAsync(owner, "jay@example.com");
        var page = await List.ListAsync(owner, 10, null);

        Assert.False(added);
        Assert.Equal(first, stored);
        Assert.Equal([first], page.Items);
    }

    [Fact]
    public async Task AddAsync_MixedCaseAndUnicodeDomain_StoredByMailboxKey()
    {
        var owner = NewOwner();

        await List.AddAsync(owner, new SuppressionEntry("Jay.Patel@Bücher.Example", SuppressionReason.Manual, Now));
        var byPunycode = await List.GetAsync(owner, "JAY.PATEL@XN--BCHER-KVA.EXAMPLE");
        var byUnicode = await List.GetAsync(owner, "jay.patel@bücher.example");

        Assert.Equal(new SuppressionEntry("jay.patel@xn--bcher-kva.example", SuppressionReason.Manual, Now), byPunycode);
        Assert.Equal(byPunycode, byUnicode);
    }

    [Fact]
    public async Task AddAsync_SinceWithTicksAndOffset_KeptToTheMillisecondInUtc()
    {
        var owner = NewOwner();
        var since = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.FromHours(2)).AddTicks(12_345_678);

        await List.AddAsync(owner, new SuppressionEntry("jay@example.com", SuppressionReason.Bounced, since));
        var stored = await List.GetAsync(owner, "jay@example.com");

        Assert.Equal(since.ToUnixTimeMilliseconds(), stored!.Since.ToUnixTimeMilliseconds());
        Assert.Equal((TimeSpan.Zero, 0L), (stored.Since.Offset, stored.Since.Ticks % TimeSpan.TicksPerMillisecond));
    }

    [Fact]
    public async Task GetAsync_Absent_Null()
    {
        Assert.Null(await List.GetAsync(NewOwner(), "nobody@example.com"));
    }

    [Fact]
    public async Task RemoveAsync_Present_TrueAndGoneEverywhere()
    {
        var owner = NewOwner();
        await List.AddAsync(owner, new SuppressionEntry("jay@example.com", SuppressionReason.Bounced, Now));

        var removed = await List.RemoveAsync(owner, "Jay@Example.com");
        var again = await List.RemoveAsync(owner, "jay@example.com");

        Assert.True(removed);
        Assert.False(again);
        Assert.Null(await List.GetAsync(owner, "jay@example.com"));
        Assert.Empty(await List.FindAsync(owner, ["jay@example.com"]));
        var page = await List.ListAsync(owner, 10, null);
        Assert.Empty(page.Items);
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task AddAsync_AfterRemove_TrueWithNewEntryOnce()
    {
        var owner = NewOwner();
        await List.AddAsync(owner, new SuppressionEntry("jay@example.com", SuppressionReason.Bounced, Now));
        await List.RemoveAsync(owner, "jay@example.com");
        var second = new SuppressionEntry("jay@example.com", SuppressionReason.Manual, Now.AddHours(1));

        var added = await List.AddAsync(owner, second);
        var page = await List.ListAsync(owner, 10, null);

        Assert.True(added);
        Assert.Equal([second], page.Items);
    }

    [Fact]
    public async Task FindAsync_ThousandAddresses_ReturnsTheSuppressedByLowercaseAddress()
    {
        var owner = NewOwner();
        var emails = Enumerable.Range(0, 1000).Select(i => $"User{i}@Example.com").ToList();
        var suppressed = emails.Where((_, i) => i % 97 == 0).Select(e => e.ToLowerInvariant()).ToList();
        foreach (var email in suppressed)
        {
            await List.AddAsync(owner, new SuppressionEntry(email, SuppressionReason.Complained, Now));
        }

        var found = await List.FindAsync(owner, [.. emails, emails[0]]);

        Assert.Equal(suppressed.Order(StringComparer.Ordinal), found.Keys.Order(StringComparer.Ordinal));
        Assert.All(found, f => Assert.Equal(new SuppressionEntry(f.Key, SuppressionReason.Complained, Now), f.Value));
    }

    [Fact]
    public async Task FindAsync_NoAddresses_Empty()
    {
        Assert.Empty(await List.FindAsync(NewOwner(), []));
    }

    [Fact]
    public async Task ListAsync_PagesOfTwo_OldestFirstThenByAddress()
    {
        var owner = NewOwner();
        string[] sameMillisecond = ["c@example.com", "a@example.com", "b@example.com"];
        await List.AddAsync(owner, Entry("late@example.com", Now.AddSeconds(1)));
        foreach (var email in sameMillisecond)
        {
            await List.AddAsync(owner, Entry(email, Now));
        }

        await List.AddAsync(owner, Entry("early@example.com", Now.AddSeconds(-1)));

        var pages = await AllPagesAsync(owner, 2);

        Assert.Equal(["early@example.com", "a@example.com", "b@example.com", "c@example.com", "late@example.com"], pages.SelectMany(p => p.Items).Select(e => e.Email));
        Assert.Equal([2, 2, 1], pages.Select(p => p.Items.Count));
        Assert.Null(pages[^1].Next);
    }

    [Fact]
    public async Task ListAsync_ExactlyLimitEntries_NextNull()
    {
        var owner = NewOwner();
        await List.AddAsync(owner, Entry("a@example.com", Now));
        await List.AddAsync(owner, Entry("b@example.com", Now));

        var page = await List.ListAsync(owner, 2, null);

        Assert.Equal(2, page.Items.Count);
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task ListAsync_CursorEntryRemovedAndOthersAdded_ContinuesRightAfterIt()
    {
        var owner = NewOwner();
        foreach (var email in new[] { "a@example.com", "b@example.com", "c@example.com", "d@example.com" })
        {
            await List.AddAsync(owner, Entry(email, Now));
        }

        var first = await List.ListAsync(owner, 2, null);
        await List.RemoveAsync(owner, "b@example.com");
        await List.RemoveAsync(owner, "c@example.com");
        await List.AddAsync(owner, Entry("aa@example.com", Now));
        await List.AddAsync(owner, Entry("bb@example.com", Now));
        await List.AddAsync(owner, Entry("older@example.com", Now.AddSeconds(-1)));
        await List.AddAsync(owner, Entry("newer@example.com", Now.AddSeconds(1)));
        var second = await List.ListAsync(owner, 10, first.Next);

        Assert.Equal(["a@example.com", "b@example.com"], first.Items.Select(e => e.Email));
        Assert.Equal(["bb@example.com", "d@example.com", "newer@example.com"], second.Items.Select(e => e.Email));
        Assert.Null(second.Next);
    }

    [Fact]
    public async Task ListAsync_SameCursorTwice_SamePage()
    {
        var owner = NewOwner();
        for (var i = 0; i < 5; i++)
        {
            await List.AddAsync(owner, Entry($"u{i}@example.com", Now));
        }

        var first = await List.ListAsync(owner, 2, null);

        Assert.Equal(await List.ListAsync(owner, 2, first.Next), await List.ListAsync(owner, 2, first.Next), PageComparer.Instance);
    }

    [Fact]
    public async Task ListAsync_NotACursor_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => List.ListAsync(NewOwner(), 10, "not-a-cursor"));
    }

    [Fact]
    public async Task Owners_SameAddress_Isolated()
    {
        var (alpha, beta) = (NewOwner(), NewOwner());
        await List.AddAsync(alpha, Entry("jay@example.com", Now));

        var betaAdded = await List.AddAsync(beta, new SuppressionEntry("jay@example.com", SuppressionReason.Complained, Now.AddMinutes(1)));
        await List.RemoveAsync(beta, "jay@example.com");

        Assert.True(betaAdded);
        Assert.Equal(Entry("jay@example.com", Now), await List.GetAsync(alpha, "jay@example.com"));
        Assert.Null(await List.GetAsync(beta, "jay@example.com"));
        Assert.Empty(await List.FindAsync(NewOwner(), ["jay@example.com"]));
        Assert.Equal(["jay@example.com"], (await List.ListAsync(alpha, 10, null)).Items.Select(e => e.Email));
    }

    [Fact]
    public async Task OpenModeOwner_Empty_HasItsOwnList()
    {
        var email = $"open-{Guid.NewGuid():N}@example.com";
        var owner = NewOwner();

        var added = await List.AddAsync("", Entry(email, Now));
        var found = await List.FindAsync("", [email]);
        var named = await List.FindAsync(owner, [email]);
        var removed = await List.RemoveAsync("", email);

        Assert.True(added);
        Assert.Equal([email], found.Keys);
        Assert.Empty(named);
        Assert.True(removed);
    }

    protected static string NewOwner() => $"key-{Guid.NewGuid():N}";

    private static SuppressionEntry Entry(string email, DateTimeOffset since) => new(email, SuppressionReason.Bounced, since);

    private async Task<List<SuppressionPage>> AllPagesAsync(string owner, int limit)
    {
        var pages = new List<SuppressionPage> { await List.ListAsync(owner, limit, null) };
        while (pages[^1].Next is { } next)
        {
            pages.Add(await List.ListAsync(owner, limit, next));
        }

        return pages;
    }

    private sealed class PageComparer : IEqualityComparer<SuppressionPage>
    {
        public static readonly PageComparer Instance = new();

        public bool Equals(SuppressionPage? x, SuppressionPage? y) => x!.Next == y!.Next && x.Items.SequenceEqual(y.Items);

        public int GetHashCode(SuppressionPage obj) => obj.Items.Count;
    }
}
