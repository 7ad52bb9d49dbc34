namespace Mailr.Grains.Providers.Postmark;

// The parts Mailr reads of GET /messages/outbound: {"TotalCount": n, "Messages": [{"MessageID", "Status", "Metadata", …}]}.
internal sealed record PostmarkOutboundSearch(int? TotalCount, IReadOnlyList<PostmarkOutboundMessage>? Messages);

internal sealed record PostmarkOutboundMessage(string? MessageID, string? Status, IReadOnlyDictionary<string, string>? Metadata);
