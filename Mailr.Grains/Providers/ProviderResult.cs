namespace Mailr.Grains.Providers;

/// <summary>The classified answer of one provider call.</summary>
/// <param name="Outcome">The class of the outcome for the message as a whole.</param>
/// <param name="ProviderMessageId">The provider's id for the accepted message, when it gave one.</param>
/// <param name="Detail">A short explanation for the attempt log (never the provider's API key).</param>
/// <param name="Rejected">With <see cref="OutcomeClass.Sent"/>: the recipients the provider refused permanently.</param>
public sealed record ProviderResult(
    OutcomeClass Outcome,
    string? ProviderMessageId,
    string? Detail,
    IReadOnlyList<RecipientRejection> Rejected)
{
    /// <summary>
    /// With <see cref="OutcomeClass.Sent"/>: the recipients the provider refused for now (an SMTP 4xx, 552 or 5.2.2 to their
    /// <c>RCPT TO</c>); they stay waiting and are tried again in the next round.
    /// </summary>
    public IReadOnlyList<RecipientRejection> Deferred { get; init; } = [];

    public static ProviderResult Sent(string? providerMessageId, IReadOnlyList<RecipientRejection>? rejected = null) =>
        new(OutcomeClass.Sent, providerMessageId, null, rejected ?? []);

    public static ProviderResult Retryable(string detail) => new(OutcomeClass.Retryable, null, detail, []);

    public static ProviderResult Permanent(string detail) => new(OutcomeClass.Permanent, null, detail, []);

    public static ProviderResult Disabled(string detail) => new(OutcomeClass.Disabled, null, detail, []);

    public static ProviderResult Ambiguous(string detail) => new(OutcomeClass.Ambiguous, null, detail, []);
}

/// <summary>A recipient that a provider refused, with the provider's reason and what the refusal is about.</summary>
/// <param name="Address">The address as the provider echoed it; matched against recipients by <see cref="Mailr.Grains.Messages.Mailbox.Key"/>.</param>
/// <param name="Kind">
/// About the address (the recipient fails and is suppressed) or about the provider (the recipient goes on, alone, to
/// the next provider of the same round).
/// </param>
public sealed record RecipientRejection(string Address, string Reason, RefusalKind Kind = RefusalKind.Address);

/// <summary>What a provider's refusal of one recipient is about (SPEC "Recipients fail over on their own").</summary>
public enum RefusalKind
{
    /// <summary>The address itself: it does not exist, it bounced, it is invalid. The recipient fails and is suppressed as bounced.</summary>
    Address,

    /// <summary>The recipient complained or unsubscribed at this provider. The recipient fails and is suppressed as complained.</summary>
    Complaint,

    /// <summary>The provider's own policy, rules, test mode, quota or a block of its sending addresses: the next provider may take it.</summary>
    Provider,
}
