namespace Mailr.Grains.Messages;

/// <summary>
/// An attempt whose answer was lost, being looked up before anything is sent again: which provider, the recipients
/// it covered (by <see cref="Mailbox.Key"/>), when the answer was lost, and until when look-ups go on.
/// </summary>
[GenerateSerializer, Alias("mailr.pending-reconcile")]
public sealed class PendingReconcile
{
    [Id(0)] public required string Provider { get; init; }

    [Id(1)] public required DateTimeOffset LostAt { get; init; }

    [Id(2)] public required DateTimeOffset Deadline { get; init; }

    [Id(3)] public List<string> RecipientKeys { get; init; } = [];

    /// <summary>Look-ups (or, for Resend, repeats) made so far.</summary>
    [Id(4)] public int Steps { get; set; }
}

/// <summary>One step of finding out whether a provider took an attempt whose answer was lost, for the story.</summary>
[GenerateSerializer, Immutable, Alias("mailr.reconcile-step")]
public sealed record ReconcileStep(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Provider,
    [property: Id(2)] ReconcileStepKind Kind,
    [property: Id(3)] IReadOnlyList<string> RecipientKeys);

public enum ReconcileStepKind
{
    /// <summary>The answer was lost; look-ups start after <c>Mailr:Reconcile:After</c>.</summary>
    Started,

    /// <summary>A look-up found no trace yet; it will be asked again.</summary>
    NotFoundYet,

    /// <summary>A look-up failed; it will be asked again.</summary>
    LookupFailed,

    /// <summary>The provider took it (a look-up or an event proved it).</summary>
    Found,

    /// <summary>No trace by <c>Mailr:Reconcile:Within</c>: the attempt did not happen; sending goes on.</summary>
    NotTaken,

    /// <summary>Nothing could tell; <c>WhenUnknown: Retry</c> sends again (a duplicate is possible).</summary>
    UnknownRetry,

    /// <summary>Nothing could tell; <c>WhenUnknown: Fail</c> fails those recipients.</summary>
    UnknownFail,
}
