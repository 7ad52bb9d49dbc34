namespace Mailr.Grains.Messages;

/// <summary>What became of one recipient. Only moves forward: Accepted, then Sent or Failed.</summary>
public enum DeliveryStatus
{
    /// <summary>Recorded, not yet handed to a provider, or waiting for a retry.</summary>
    Accepted,

    /// <summary>A provider accepted the message for this recipient.</summary>
    Sent,

    /// <summary>Every provider and retry was used up, or a provider refused this recipient for good.</summary>
    Failed,
}
