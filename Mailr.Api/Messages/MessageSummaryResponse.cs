using System.Text.Json.Serialization;
using Mailr.Grains.Messages;

namespace Mailr.Api.Messages;

/// <summary><c>GET /messages/{id}</c>: how many recipients are in each status (addresses are only revealed per recipient by <c>/status</c>).</summary>
public sealed record MessageSummaryResponse(
    string Id,
    int Accepted,
    int Sent,
    int Failed,
    [property: JsonPropertyName("accepted_at")] DateTimeOffset AcceptedAt,
    [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt,
    DeliveryCountsResponse Delivery)
{
    public static MessageSummaryResponse From(string id, MessageSummary s) => new(id, s.Accepted, s.Sent, s.Failed, s.AcceptedAt, s.ExpiresAt,
        new DeliveryCountsResponse(s.Delivery.Deferred, s.Delivery.Delivered, s.Delivery.Bounced, s.Delivery.Complained));
}

/// <summary>How many recipients a provider reported in each delivery state.</summary>
public sealed record DeliveryCountsResponse(int Deferred, int Delivered, int Bounced, int Complained);
