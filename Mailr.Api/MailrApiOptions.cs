namespace Mailr.Api;

/// <summary>The HTTP layer's part of the <c>Mailr</c> configuration section; no grain reads it.</summary>
public sealed class MailrApiOptions
{
    public const string SectionName = "Mailr";

    /// <summary>Request limits (<c>Mailr:Limits</c>).</summary>
    public LimitsOptions Limits { get; set; } = new();

    /// <summary>The API keys (<c>Mailr:ApiKeys</c>); none means open mode.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];
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
