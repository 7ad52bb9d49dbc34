namespace Mailr.Grains.Messages;

/// <summary>What a provider later reported about a recipient it took. Only moves forward, in this order.</summary>
public enum DeliveryState
{
    /// <summary>The provider is still trying (a soft bounce or a delay).</summary>
    Deferred = 1,

    /// <summary>The receiving server accepted it.</summary>
    Delivered = 2,

    /// <summary>Refused for good: a hard bounce.</summary>
    Bounced = 3,

    /// <summary>Marked as spam by the recipient.</summary>
    Complained = 4,
}
