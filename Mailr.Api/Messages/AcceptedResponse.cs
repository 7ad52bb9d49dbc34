namespace Mailr.Api.Messages;

/// <summary>The 202 body of <c>POST /messages</c>, as the original service answered it.</summary>
public sealed record AcceptedResponse(string Id, string Message)
{
    public static AcceptedResponse For(string id) => new(id, "Your request has been accepted");
}
