namespace Mailr.Grains;

/// <summary>Names shared by the grains, the silo configuration and the tests.</summary>
public static class GrainNames
{
    /// <summary>The grain storage provider that holds message state.</summary>
    public const string MessageStorage = "messages";

    /// <summary>The state name of a message grain inside <see cref="MessageStorage"/>.</summary>
    public const string MessageState = "message";

    /// <summary>The one reminder a message grain keeps: it wakes the grain for retries and for expiry.</summary>
    public const string WakeReminder = "wake";

    /// <summary>The DI key of the <see cref="TimeProvider"/> that Mailr's own decisions use (tests replace it).</summary>
    public const string Clock = "mailr-clock";
}
