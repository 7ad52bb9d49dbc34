namespace Mailr.Grains.Messages;

/// <summary>One recipient of a message and what became of it.</summary>
[GenerateSerializer, Alias("mailr.recipient-state")]
public sealed class RecipientState
{
    [Id(0)] public required Mailbox Mailbox { get; init; }

    [Id(1)] public RecipientKind Kind { get; init; }

    [Id(2)] public DeliveryStatus Status { get; set; }

    /// <summary>Why the recipient failed, in plain words (never a provider name).</summary>
    [Id(3)] public string? Reason { get; set; }

    [Id(4)] public DateTimeOffset? FinishedAt { get; set; }
}
