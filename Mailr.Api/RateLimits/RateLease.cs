using System.Threading.RateLimiting;

namespace Mailr.Api.RateLimits;

/// <summary>The answer of a <see cref="RequestRateLimiter"/>: a permit, or a refusal with when to retry and why.</summary>
internal sealed class RateLease(bool acquired, TimeSpan? retryAfter = null, string? reason = null) : RateLimitLease
{
    public static readonly RateLease Acquired = new(true);

    public override bool IsAcquired => acquired;

    public override IEnumerable<string> MetadataNames
    {
        get
        {
            if (retryAfter is not null)
            {
                yield return MetadataName.RetryAfter.Name;
            }

            if (reason is not null)
            {
                yield return MetadataName.ReasonPhrase.Name;
            }
        }
    }

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter
            : metadataName == MetadataName.ReasonPhrase.Name ? reason
            : null;
        return metadata is not null;
    }
}
