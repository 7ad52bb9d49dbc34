namespace Mailr.Grains.Providers;

/// <summary>A provider in the failover list, with the time one call to it may take, its failover group (unset: its list index), its weight in that group and its configured type.</summary>
public sealed record ConfiguredProvider(IEmailProvider Provider, TimeSpan Timeout, int? Priority = null, int Weight = 1, string Type = "")
{
    public string Name => Provider.Name;

    /// <summary>How Mailr finds out whether this provider took an attempt whose answer was lost.</summary>
    public ReconcileSource Reconcile { get; init; }

    /// <summary>Its webhook is on (a <c>WebhookSecret</c> is set): its events may come, so its message ids are indexed.</summary>
    public bool Webhook { get; init; }
}

/// <summary>How a lost answer is reconciled (SPEC "Ambiguous attempts are reconciled before anything is sent again").</summary>
public enum ReconcileSource
{
    /// <summary>Nothing to ask (Smtp, Pickup, or an event-only provider without its webhook): <c>Mailr:Reconcile:WhenUnknown</c> decides at once.</summary>
    None,

    /// <summary>The provider has a look-up API (<see cref="IProviderLookup"/>), asked on the <c>Mailr:Reconcile</c> schedule.</summary>
    LookUp,

    /// <summary>Only its events can tell (SendGrid's <c>processed</c>, SES's <c>Send</c>): wait for one until <c>Within</c>.</summary>
    Events,

    /// <summary>The same request again is safe (Resend's Idempotency-Key): repeat it until it answers.</summary>
    Repeat,
}
