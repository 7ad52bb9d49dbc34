namespace Mailr.Grains.Suppression;

/// <summary>Why an address is suppressed.</summary>
public enum SuppressionReason
{
    /// <summary>A hard bounce, or a provider refusing the address itself.</summary>
    Bounced,

    /// <summary>The recipient marked a message as spam (or unsubscribed).</summary>
    Complained,

    /// <summary>Added by hand through <c>PUT /suppressions/{email}</c>.</summary>
    Manual,
}

/// <summary>One suppressed address of an API key. <paramref name="Email"/> is lowercase.</summary>
[GenerateSerializer, Immutable, Alias("mailr.suppression-entry")]
public sealed record SuppressionEntry(
    [property: Id(0)] string Email,
    [property: Id(1)] SuppressionReason Reason,
    [property: Id(2)] DateTimeOffset Since);

/// <summary>A page of a key's suppressed addresses, oldest first; <paramref name="Next"/> is the opaque cursor of the following page, null at the end.</summary>
public sealed record SuppressionPage(IReadOnlyList<SuppressionEntry> Items, string? Next);

/// <summary>
/// The addresses each API key must not send to any more, fed by hard bounces and complaints from every
/// provider and by hand. Entries stay until removed (the message retention does not apply). Owners are the
/// key names of <c>MessageState.Owner</c>, "" in open mode. Addresses are compared in lowercase.
/// </summary>
public interface ISuppressionList
{
    /// <summary>The entries among <paramref name="emails"/> for <paramref name="owner"/>, by lowercase address, in one store round trip.</summary>
    Task<IReadOnlyDictionary<string, SuppressionEntry>> FindAsync(string owner, IReadOnlyCollection<string> emails);

    /// <summary>Adds <paramref name="entry"/>; false (and the first entry kept) when the address was there already.</summary>
    Task<bool> AddAsync(string owner, SuppressionEntry entry);

    /// <summary>The entry for <paramref name="email"/>, or null.</summary>
    Task<SuppressionEntry?> GetAsync(string owner, string email);

    /// <summary>Removes the entry; false when there was none.</summary>
    Task<bool> RemoveAsync(string owner, string email);

    /// <summary>Up to <paramref name="limit"/> entries, oldest first, after the cursor <paramref name="after"/> (null: from the start).</summary>
    Task<SuppressionPage> ListAsync(string owner, int limit, string? after);
}
