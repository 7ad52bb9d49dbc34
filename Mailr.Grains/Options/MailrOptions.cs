namespace Mailr.Grains.Options;

/// <summary>The <c>Mailr</c> configuration section.</summary>
public sealed class MailrOptions
{
    public const string SectionName = "Mailr";

    /// <summary>How long a message record lives from acceptance (<c>Mailr:Retention</c>).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Retry rounds (<c>Mailr:Retry</c>).</summary>
    public RetryOptions Retry { get; set; } = new();

    /// <summary>Request limits (<c>Mailr:Limits</c>).</summary>
    public LimitsOptions Limits { get; set; } = new();

    /// <summary>The providers in failover order (<c>Mailr:Providers</c>). Empty means one Pickup provider.</summary>
    public List<ProviderOptions> Providers { get; set; } = [];

    /// <summary>Checks on the Redis server in Redis mode (<c>Mailr:Redis</c>).</summary>
    public RedisOptions Redis { get; set; } = new();

    /// <summary>When a failing provider is skipped cluster-wide (<c>Mailr:ProviderHealth</c>).</summary>
    public ProviderHealthOptions ProviderHealth { get; set; } = new();

    /// <summary>The API keys (<c>Mailr:ApiKeys</c>); none means open mode.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];
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

/// <summary>One entry of <c>Mailr:ApiKeys</c>: a key, known only by its SHA-256.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The key's name in logs and metrics; also the owner of the messages it sends.</summary>
    public string Name { get; set; } = "";

    /// <summary>The lowercase hex SHA-256 of the key.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>The <c>from</c> domains (<c>example.com</c>) or full addresses this key may send as; empty means any.</summary>
    public List<string> Senders { get; set; } = [];

    /// <summary>API calls per second, counted across the cluster; null means unlimited.</summary>
    public int? RequestsPerSecond { get; set; }

    /// <summary>Recipients accepted per day, counted across the cluster; null means unlimited.</summary>
    public int? RecipientsPerDay { get; set; }

    /// <summary>May use the operator endpoints (<c>/providers</c>, <c>/dashboard</c>).</summary>
    public bool Operator { get; set; }
}

/// <summary>The <c>Mailr:Redis</c> section.</summary>
public sealed class RedisOptions
{
    /// <summary>
    /// Start even when Redis may evict or lose accepted messages (eviction policy other than
    /// <c>noeviction</c>, or no persistence). Logged as an error at every start.
    /// </summary>
    public bool AllowUnsafeSettings { get; set; }
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

/// <summary>The <c>Mailr:Limits</c> section.</summary>
public sealed class LimitsOptions
{
    /// <summary>The largest accepted request body, in bytes (413 above it).</summary>
    public long MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The most recipients (to + cc + bcc) one message may have (413 above it).</summary>
    public int MaxRecipients { get; set; } = 50;

    /// <summary>The most decoded attachment bytes one message may carry, in total (413 above it).</summary>
    public long MaxAttachmentBytes { get; set; } = 7 * 1024 * 1024;
}
