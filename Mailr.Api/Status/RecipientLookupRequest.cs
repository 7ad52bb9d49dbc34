namespace Mailr.Api.Status;

/// <summary>The <c>POST /status</c> and <c>POST /story</c> body: a message id and one of its recipients (an address or a full mailbox).</summary>
public sealed record RecipientLookupRequest
{
    public required string Id { get; init; }

    public required string Email { get; init; }
}
