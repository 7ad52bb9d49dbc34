namespace Mailr.Grains.Options;

/// <summary>One entry of <c>Mailr:Providers</c>; the list order is the failover order.</summary>
public sealed class ProviderOptions
{
    /// <summary>The provider's name in logs and metrics. Defaults to its type.</summary>
    public string? Name { get; set; }

    /// <summary><c>Pickup</c>, <c>Mailgun</c> or <c>Mandrill</c>.</summary>
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

    /// <summary>The Pickup provider's folder (relative paths resolve against the working directory).</summary>
    public string? Directory { get; set; }

    /// <summary>How long one call may take before its outcome counts as ambiguous.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The name used in logs and metrics.</summary>
    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Type : Name;
}
