namespace Mailr.Api.Status;

/// <summary><c>{"status": "accepted" | "sent" | "failed"}</c>.</summary>
public sealed record StatusResponse(string Status);
