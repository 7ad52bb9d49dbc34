using System.Text.Json.Serialization;

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

    /// <summary>What the provider later reported (null until it reported something); only moves forward.</summary>
    [Id(5)] public DeliveryState? Delivery { get; set; }

    /// <summary>When the event that set <see cref="Delivery"/> happened, by the provider's clock; an older event changes nothing.</summary>
    [Id(6)] public DateTimeOffset? DeliveryAt { get; set; }

    /// <summary>Failed only because its attempts were ambiguous: an event proving a provider took it makes it sent.</summary>
    [Id(7), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool InDoubt { get; set; }

    /// <summary>A provider took it (the provider's message id is in the attempt log).</summary>
    public void Sent(DateTimeOffset now)
    {
        Status = DeliveryStatus.Sent;
        Reason = null;
        InDoubt = false;
        FinishedAt = now;
    }

    public void Fail(string reason, DateTimeOffset now, bool inDoubt = false)
    {
        Status = DeliveryStatus.Failed;
        Reason = reason;
        InDoubt = inDoubt;
        FinishedAt = now;
    }
}
