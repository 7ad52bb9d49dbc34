namespace Mailr.Grains.Providers;

/// <summary>
/// A provider that can be asked, after an attempt whose answer was lost, whether it took the message
/// (SPEC "Ambiguous attempts are reconciled"). Implemented by the provider clients that have a look-up API;
/// the grain asks on the <c>Mailr:Reconcile</c> schedule and treats an exception as <see cref="LookupOutcome.Unknown"/>.
/// </summary>
public interface IProviderLookup
{
    /// <summary>
    /// Whether the provider took <paramref name="email"/> (matched on <see cref="Events.ProviderMetadata.MessageIdKey"/>
    /// = <see cref="OutgoingEmail.MessageId"/>) in an attempt started at <paramref name="sentAt"/>.
    /// </summary>
    Task<LookupResult> LookUpAsync(OutgoingEmail email, DateTimeOffset sentAt, CancellationToken cancellationToken);
}

public enum LookupOutcome
{
    /// <summary>The provider took it: the recipients of that attempt are sent.</summary>
    Found,

    /// <summary>The provider has no trace of it (yet: look-ups lag the send by seconds).</summary>
    NotFound,

    /// <summary>The look-up could not answer (an error, no such API on this account).</summary>
    Unknown,
}

/// <param name="ProviderMessageId">With <see cref="LookupOutcome.Found"/>: the provider's id of the message.</param>
/// <param name="Detail">A short explanation for the story (never a secret).</param>
public sealed record LookupResult(LookupOutcome Outcome, string? ProviderMessageId = null, string? Detail = null)
{
    public static LookupResult Found(string? providerMessageId) => new(LookupOutcome.Found, providerMessageId);

    public static LookupResult NotFound() => new(LookupOutcome.NotFound);

    public static LookupResult Unknown(string detail) => new(LookupOutcome.Unknown, null, detail);
}
