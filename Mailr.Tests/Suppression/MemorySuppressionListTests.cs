using Mailr.Grains.Suppression;

namespace Mailr.Tests.Suppression;

public sealed class MemorySuppressionListTests : SuppressionListContractTests
{
    protected override ISuppressionList List { get; } = new MemorySuppressionList();

    [Fact]
    public async Task AddAsync_ManyAtOnce_EachAddressAddedOnce()
    {
        var owner = NewOwner();

        var added = await Task.WhenAll(Enumerable.Range(0, 400).Select(i =>
            Task.Run(() => List.AddAsync(owner, new SuppressionEntry($"u{i % 100}@example.com", SuppressionReason.Bounced, Now)))));
        var page = await List.ListAsync(owner, 1000, null);

        Assert.Equal(100, added.Count(a => a));
        Assert.Equal(100, page.Items.Count);
    }
}
