namespace Mailr.Grains.ProviderHealth;

/// <summary>
/// Where an operator's disable is kept, so that it survives the health grain's silo. The circuit itself
/// is not kept: a new activation starts closed and the next failures open it again.
/// </summary>
public interface IProviderHealthStore
{
    /// <summary>When the provider was disabled, or null when it is in rotation.</summary>
    Task<DateTimeOffset?> GetDisabledAsync(string provider);

    Task SetDisabledAsync(string provider, DateTimeOffset? since);
}
