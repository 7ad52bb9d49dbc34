namespace Mailr.Grains.Options;

/// <summary>The <c>Mailr</c> configuration section.</summary>
public sealed class MailrOptions
{
    public const string SectionName = "Mailr";

    /// <summary>How long a message record lives from acceptance (<c>Mailr:Retention</c>).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Retry rounds (<c>Mailr:Retry</c>).</summary>
    public RetryOptions Retry { get; set; } = new();

    /// <summary>The providers in failover order (<c>Mailr:Providers</c>). Empty means one Pickup provider.</summary>
    public List<ProviderOptions> Providers { get; set; } = [];

    /// <summary>When a failing provider is skipped cluster-wide (<c>Mailr:ProviderHealth</c>).</summary>
    public ProviderHealthOptions ProviderHealth { get; set; } = new();

    /// <summary>How an attempt whose answer was lost is looked up before anything is sent again (<c>Mailr:Reconcile</c>).</summary>
    public ReconcileOptions Reconcile { get; set; } = new();
}

/// <summary>The <c>Mailr:Reconcile</c> section (SPEC "Ambiguous attempts are reconciled before anything is sent again").</summary>
public sealed class ReconcileOptions
{
    /// <summary>How long after the lost answer the first look-up is made (providers index a send with a short lag).</summary>
    public TimeSpan After { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long after the lost answer look-ups go on; not found by then means the attempt did not happen.</summary>
    public TimeSpan Within { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>What an answer that stays unknown (nothing to ask, every look-up failed) leads to.</summary>
    public WhenUnknown WhenUnknown { get; set; } = WhenUnknown.Retry;
}

/// <summary>What to do when it stays unknown whether a provider took an attempt.</summary>
public enum WhenUnknown
{
    /// <summary>At least once: send again (a duplicate is possible, and the story says so).</summary>
    Retry,

    /// <summary>At most once: the recipients of that attempt fail, "unknown whether the provider sent it".</summary>
    Fail,
}

/// <summary>The <c>Mailr:ProviderHealth</c> section: a circuit per provider, shared by the cluster.</summary>
public sealed class ProviderHealthOptions
{
    /// <summary>False turns circuit breaking off: every provider is tried every round, nothing is reported.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Consecutive retryable or ambiguous outcomes that open a provider's circuit.</summary>
    public int FailuresToOpen { get; set; } = 5;

    /// <summary>How long an open circuit skips the provider before one probe send is let through.</summary>
    public TimeSpan OpenFor { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The <c>Mailr:Retry</c> section.</summary>
public sealed class RetryOptions
{
    /// <summary>Used when <see cref="Delays"/> is not configured: 30 s, 2 min, 10 min, 30 min, 1 h, 2 h.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultDelays =
        [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2)];

    /// <summary>The wait before each new round of attempts; when they are used up the remaining recipients fail.</summary>
    public List<TimeSpan> Delays { get; set; } = [];
}
