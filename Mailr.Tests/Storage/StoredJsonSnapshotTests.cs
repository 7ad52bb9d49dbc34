using System.Text;

namespace Mailr.Tests.Storage;

/// <summary>
/// The stored JSON of a message is a contract across a rolling deploy: silos of the old and the new build read each other's
/// records. Renaming or removing a property breaks every stored record, so the exact bytes are pinned here; a change to them
/// must be a deliberate, readable-both-ways format change.
/// </summary>
public sealed class StoredJsonSnapshotTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    // One line each in the store; broken into lines here to be read.
    private static readonly string StateJson = OneLine("""
        {"Recipients":[{"Mailbox":{"Address":"jay@example.com","Name":"Jay Patel"},"Kind":"To","Status":"Sent","FinishedAt":"2026-12-04T10:00:02+00:00","Delivery":"Delivered","DeliveryAt":"2026-12-04T10:00:05+00:00"},
        {"Mailbox":{"Address":"ana@b\u00FCcher.example"},"Kind":"Cc","Status":"Failed","Reason":"unknown whether the provider sent it","FinishedAt":"2026-12-04T10:00:02+00:00","InDoubt":true},
        {"Mailbox":{"Address":"sam@example.com"},"Kind":"Bcc","Status":"Accepted"}],
        "Attempts":[{"At":"2026-12-04T10:00:01+00:00","Provider":"primary","Outcome":"Retryable","Detail":"503 unavailable","Round":1,"Recipients":3},
        {"At":"2026-12-04T10:00:02+00:00","Provider":"secondary","Outcome":"Sent","ProviderMessageId":"\u003Cid@mg\u003E","Round":1,"Recipients":3}],
        "AcceptedAt":"2026-12-04T10:00:00+00:00","ExpiresAt":"2026-12-05T10:00:00+00:00","Rounds":1,"NextAttemptAt":"2026-12-04T10:01:00+00:00",
        "InFlight":{"StartedAt":"2026-12-04T10:01:00+00:00","Provider":"primary"},"Owner":"billing",
        "Events":[{"ReceivedAt":"2026-12-04T10:00:06+00:00","OccurredAt":"2026-12-04T10:00:05+00:00","Provider":"secondary","RecipientKey":"jay@example.com","Kind":"Delivered","Result":"Applied","EventId":"ev-1"}],
        "Reconcile":{"Provider":"primary","LostAt":"2026-12-04T10:00:01+00:00","Deadline":"2026-12-04T10:05:01+00:00","RecipientKeys":["sam@example.com"],"Steps":1},
        "Steps":[{"At":"2026-12-04T10:00:01+00:00","Provider":"primary","Kind":"Started","RecipientKeys":["sam@example.com"]}]}
        """);

    private static readonly string ContentJson = OneLine("""
        {"From":{"Address":"amit@example.com","Name":"Amit"},"Subject":"Hello","Text":"Hi there","Html":"\u003Cp\u003EHi\u003C/p\u003E",
        "ReplyTo":[{"Address":"help@example.com"}],"Headers":[{"Name":"X-Campaign","Value":"winter"}],
        "Attachments":[{"FileName":"a.txt","ContentType":"text/plain","Content":"aGVsbG8="}]}
        """);

    /// <summary>A property added to the stored types must show in the pinned JSON (set in <see cref="State"/> or <see cref="Content"/>).</summary>
    [Theory]
    [InlineData(typeof(MessageState))]
    [InlineData(typeof(MessageContent))]
    [InlineData(typeof(RecipientState))]
    [InlineData(typeof(SendAttempt))]
    [InlineData(typeof(EventRecord))]
    [InlineData(typeof(PendingReconcile))]
    [InlineData(typeof(ReconcileStep))]
    public void PinnedJson_NamesEveryStoredProperty(Type type)
    {
        var stored = type.GetProperties().Where(p => p.CanWrite).Select(p => $"\"{p.Name}\":");

        Assert.All(stored, member => Assert.Contains(member, StateJson + ContentJson, StringComparison.Ordinal));
    }

    [Fact]
    public void Serialize_State_WritesThePinnedJson() =>
        Assert.Equal(StateJson, Encoding.UTF8.GetString(MessageJson.Serialize(State())));

    [Fact]
    public void ReadState_PinnedJson_ReadsEveryField()
    {
        var state = MessageJson.ReadState(Encoding.UTF8.GetBytes(StateJson));

        Assert.Equal(StateJson, Encoding.UTF8.GetString(MessageJson.Serialize(state)));
        Assert.Equal(["jay@example.com", "ana@bücher.example", "sam@example.com"], state.Recipients.Select(r => r.Mailbox.Address));
        Assert.Equal([DeliveryStatus.Sent, DeliveryStatus.Failed, DeliveryStatus.Accepted], state.Recipients.Select(r => r.Status));
        Assert.Equal(OutcomeClass.Sent, state.Attempts[1].Outcome);
        Assert.Equal("primary", state.InFlight?.Provider);
        Assert.Equal("billing", state.Owner);
        Assert.Equal(At.AddMinutes(1), state.NextAttemptAt);
    }

    [Fact]
    public void Serialize_Content_WritesThePinnedJson() =>
        Assert.Equal(ContentJson, Encoding.UTF8.GetString(MessageJson.Serialize(Content())));

    [Fact]
    public void ReadContent_PinnedJson_ReadsEveryField() =>
        Assert.Equal(Content(), MessageJson.ReadContent(Encoding.UTF8.GetBytes(ContentJson)), SameContent.Instance);

    private static MessageState State() => new()
    {
        Recipients =
        [
            new()
            {
                Mailbox = new("jay@example.com", "Jay Patel"), Kind = RecipientKind.To, Status = DeliveryStatus.Sent, FinishedAt = At.AddSeconds(2),
                Delivery = DeliveryState.Delivered, DeliveryAt = At.AddSeconds(5),
            },
            new()
            {
                Mailbox = new("ana@bücher.example"), Kind = RecipientKind.Cc, Status = DeliveryStatus.Failed,
                Reason = "unknown whether the provider sent it", FinishedAt = At.AddSeconds(2), InDoubt = true,
            },
            new() { Mailbox = new("sam@example.com"), Kind = RecipientKind.Bcc, Status = DeliveryStatus.Accepted },
        ],
        Attempts =
        [
            new(At.AddSeconds(1), "primary", OutcomeClass.Retryable, null, "503 unavailable", 1, 3),
            new(At.AddSeconds(2), "secondary", OutcomeClass.Sent, "<id@mg>", null, 1, 3),
        ],
        AcceptedAt = At,
        ExpiresAt = At.AddDays(1),
        Rounds = 1,
        NextAttemptAt = At.AddMinutes(1),
        InFlight = new(At.AddMinutes(1), "primary"),
        Owner = "billing",
        Events = [new(At.AddSeconds(6), At.AddSeconds(5), "secondary", "jay@example.com", Mailr.Grains.Events.DeliveryEventKind.Delivered, EventResult.Applied, "ev-1")],
        Reconcile = new() { Provider = "primary", LostAt = At.AddSeconds(1), Deadline = At.AddSeconds(301), RecipientKeys = ["sam@example.com"], Steps = 1 },
        Steps = [new(At.AddSeconds(1), "primary", ReconcileStepKind.Started, ["sam@example.com"])],
    };

    private static MessageContent Content() => new(new Mailbox("amit@example.com", "Amit"), "Hello", "Hi there")
    {
        Html = "<p>Hi</p>",
        ReplyTo = [new Mailbox("help@example.com")],
        Headers = [new MessageHeader("X-Campaign", "winter")],
        Attachments = [new Attachment("a.txt", "text/plain", "hello"u8.ToArray())],
    };

    private static string OneLine(string json) => json.ReplaceLineEndings("");
}
