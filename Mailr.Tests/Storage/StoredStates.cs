namespace Mailr.Tests.Storage;

/// <summary>Later versions of a stored message's progress, as the grain would write them (copies: the original stays as it was).</summary>
public static class StoredStates
{
    public static MessageState Copy(MessageState state) => MessageJson.ReadState(MessageJson.Serialize(state));

    public static MessageState Sent(MessageState state, DateTimeOffset at, int rounds)
    {
        var sent = Copy(state);
        sent.MarkSent("primary", ProviderResult.Sent(null), at);
        sent.InFlight = null;
        sent.NextAttemptAt = null;
        sent.Rounds = rounds;
        return sent;
    }

    public static MessageState Retried(MessageState state, DateTimeOffset nextAttemptAt)
    {
        var retried = Copy(state);
        retried.InFlight = null;
        retried.NextAttemptAt = nextAttemptAt;
        retried.Rounds = 1;
        return retried;
    }
}
