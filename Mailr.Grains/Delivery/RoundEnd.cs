namespace Mailr.Grains.Delivery;

/// <summary>How a round ended, which decides what follows it (see <see cref="RetryPolicy.After"/>).</summary>
internal enum RoundEnd
{
    /// <summary>Every recipient is now sent or failed.</summary>
    Finished,

    /// <summary>No provider could be called (every circuit open, disabled or in doubt): not an attempt, so it uses no round.</summary>
    Skipped,

    /// <summary>Some provider might take the message later (retryable, disabled, ambiguous, or recipients deferred).</summary>
    Retry,

    /// <summary>Every provider called refused the message for good.</summary>
    Refused,
}
