using System.Text.Json.Serialization;
using Mailr.Grains.Messages;

namespace Mailr.Api.Status;

/// <summary>
/// <c>{"status": "accepted" | "sent" | "failed", "delivery": "deferred" | "delivered" | "bounced" | "complained"}</c>;
/// <c>delivery</c> is absent until a provider reported something.
/// </summary>
public sealed record StatusResponse(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Delivery = null)
{
    public static StatusResponse From(RecipientStatus status) => new(status.Status.ToString().ToLowerInvariant(), status.Delivery?.ToString().ToLowerInvariant());
}
