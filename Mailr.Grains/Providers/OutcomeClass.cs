namespace Mailr.Grains.Providers;

/// <summary>How Mailr classifies what a provider did with a send request (see PROVIDERS.md).</summary>
public enum OutcomeClass
{
    /// <summary>The provider accepted the message (possibly minus some rejected recipients).</summary>
    Sent,

    /// <summary>Nothing was sent and trying again may work: 429, 5xx, connection refused. Fail over at once.</summary>
    Retryable,

    /// <summary>The provider refused this message for good (validation): do not resend it through this provider.</summary>
    Permanent,

    /// <summary>The provider refused us (bad key, account suspended): fail over at once.</summary>
    Disabled,

    /// <summary>The request went out but no answer came back: the provider may have sent it. Never fail over at once.</summary>
    Ambiguous,
}
