using Mailr.Grains.Providers;

namespace Mailr.Grains.Delivery;

/// <summary>What the providers of one round answered, reduced to what decides the next step.</summary>
public sealed class RoundTally
{
    /// <summary>Some provider might accept the message later (retryable, disabled or ambiguous).</summary>
    public bool WorthRetrying { get; private set; }

    /// <summary>Every provider asked so far refused the message for good.</summary>
    public bool AllPermanent => !WorthRetrying;

    /// <summary>Records <paramref name="outcome"/>; returns whether the round goes on to the next provider.</summary>
    public bool Record(OutcomeClass outcome)
    {
        switch (outcome)
        {
            case OutcomeClass.Retryable or OutcomeClass.Disabled:
                WorthRetrying = true;
                return true;
            case OutcomeClass.Permanent:
                return true;
            case OutcomeClass.Ambiguous:
                // The provider may have sent it: another provider now could send a duplicate.
                WorthRetrying = true;
                return false;
            default:
                return false;
        }
    }
}
