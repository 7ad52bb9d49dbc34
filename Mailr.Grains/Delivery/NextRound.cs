namespace Mailr.Grains.Delivery;

/// <summary>What follows a round: the next one <paramref name="At"/>, or none, and why the recipients still waiting fail.</summary>
/// <param name="At">When the next round is due; null when there is none.</param>
/// <param name="FailReason">With no next round: the reason given to every recipient still waiting.</param>
internal sealed record NextRound(DateTimeOffset? At, string? FailReason)
{
    public static readonly NextRound None = new(null, null);

    public static NextRound AtOrFail(DateTimeOffset? at, string reason) => new(at, at is null ? reason : null);
}
