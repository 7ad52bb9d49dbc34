namespace Mailr.Grains.Options;

/// <summary>One entry of <c>Mailr:Providers</c>; the list order is the failover order.</summary>
public sealed class ProviderOptions
{
    /// <summary>The provider's name in logs and metrics. Defaults to its type.</summary>
    public string? Name { get; set; }

    /// <summary><c>Mailgun</c>, <c>Mandrill</c>, <c>SendGrid</c>, <c>Postmark</c>, <c>Resend</c>, <c>AmazonSes</c>, <c>Smtp</c> or <c>Pickup</c>.</summary>
    public string Type { get; set; } = "";

    /// <summary>The API root; defaults to the provider's public URL.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The API key (Mailgun's Basic-auth password, Mandrill's <c>key</c>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Mailgun's sending domain.</summary>
    public string? Domain { get; set; }

    /// <summary>SMTP host.</summary>
    public string? Host { get; set; }

    /// <summary>SMTP port.</summary>
    public int? Port { get; set; }

    /// <summary>SMTP user name.</summary>
    public string? UserName { get; set; }

    /// <summary>SMTP password.</summary>
    public string? Password { get; set; }

    /// <summary>SMTP: <c>StartTls</c>, <c>SslOnConnect</c> or <c>None</c>.</summary>
    public string? Security { get; set; }

    /// <summary>Postmark's message stream (default <c>outbound</c>).</summary>
    public string? MessageStream { get; set; }

    /// <summary>Amazon SES region, e.g. <c>eu-west-1</c>.</summary>
    public string? Region { get; set; }

    /// <summary>Amazon SES access key id.</summary>
    public string? AccessKeyId { get; set; }

    /// <summary>Amazon SES secret access key.</summary>
    public string? SecretAccessKey { get; set; }

    /// <summary>The failover group: lower goes first. Unset means the provider's index in the list.</summary>
    public int? Priority { get; set; }

    /// <summary>The share of traffic among healthy providers of the same priority.</summary>
    public int Weight { get; set; } = 1;

    /// <summary>The Pickup provider's folder (relative paths resolve against the working directory).</summary>
    public string? Directory { get; set; }

    /// <summary>How long one call may take before its outcome counts as ambiguous.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The provider's webhook secret: Mailgun's signing key, Mandrill's webhook key, SendGrid's verification key
    /// (base64 DER), Postmark's <c>user:password</c>, Resend's <c>whsec_…</c>; SES needs none (SNS signs with
    /// certificates) but any value turns its webhook on. Unset: <c>POST /webhooks/{name}</c> answers 404.
    /// </summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Mandrill: the exact URL registered with it, part of what it signs.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>SendGrid: the account has the Email Activity API, used to reconcile a lost answer.</summary>
    public bool ActivityApi { get; set; }

    /// <summary>The name used in logs and metrics.</summary>
    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Type : Name;
}
