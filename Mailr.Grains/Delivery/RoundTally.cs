using Mailr.Grains.Providers;

namespace Mailr.Grains.Delivery;

/// <summary>What the providers of one round answered, reduced to what decides the next step.</summary>
public sealed class RoundTally
{
    private bool _retryable;

    /// <summary>How many providers were called in this round (skipped ones are not calls).</summary>
    public int Attempts { get; private set; }

    /// <summary>
    /// Some provider might accept the message later (retryable, disabled or ambiguous), or none was called
    /// at all because every circuit was open: the round ends and the next one comes after the retry delay.
    /// </summary>
    public bool WorthRetrying => _retryable || Attempts == 0;

    /// <summary>Every provider asked so far refused the message for good.</summary>
    public bool AllPermanent => !WorthRetrying;

    /// <summary>Records <paramref name="outcome"/>; returns whether the round goes on to the next provider.</summary>
    public bool Record(OutcomeClass outcome)
    {
        Attempts++;
        switch (outcome)
        {
            case OutcomeClass.Retryable or OutcomeClass.Disabled:
                _retryable = true;
                return true;
            case OutcomeClass.Permanent:
                return true;
            case OutcomeClass.Ambiguous:
                // The provider may have sent it: another provider now could send a duplicate.
                _retryable = true;
                return false;
            default:
                return false;
        }
    }
}
