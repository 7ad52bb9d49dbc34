namespace Mailr.Grains.Messages;

/// <summary>The persisted record of one message.</summary>
[GenerateSerializer, Alias("mailr.message-state")]
public sealed class MessageState
{
    /// <summary>The request; its body is dropped once no recipient needs sending.</summary>
    [Id(0)] public OutgoingMessage? Message { get; set; }

    [Id(1)] public List<RecipientState> Recipients { get; set; } = [];

    [Id(2)] public List<SendAttempt> Attempts { get; set; } = [];

    [Id(3)] public DateTimeOffset AcceptedAt { get; set; }

    /// <summary>When the record deletes itself; every lookup from then on answers "not found".</summary>
    [Id(4)] public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>How many rounds (a pass over the provider list) have finished.</summary>
    [Id(5)] public int Rounds { get; set; }

    /// <summary>When the next round is due; null once every recipient is sent or failed.</summary>
    [Id(6)] public DateTimeOffset? NextAttemptAt { get; set; }

    [Id(7)] public InFlightAttempt? InFlight { get; set; }

    public IEnumerable<RecipientState> Pending => Recipients.Where(r => r.Status == DeliveryStatus.Accepted);

    public bool IsFinished => Recipients.All(r => r.Status != DeliveryStatus.Accepted);
}
