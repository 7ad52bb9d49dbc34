using Mailr.Grains.Messages;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mailr.Api.Status;

/// <summary>
/// The <c>{"id", "email"}</c> body shared by <c>/status</c> and <c>/story</c>, so both answer the same
/// 400s and the same 404 (a malformed id is answered like an unknown one).
/// </summary>
public sealed record RecipientLookup(string Id, string RecipientKey)
{
    private static readonly JsonShape s_shape = new(
        new("id", JsonShape.MemberKind.String, Required: true),
        new("email", JsonShape.MemberKind.String, Required: true));

    public static async Task<(RecipientLookup? Lookup, JsonHttpResult<ErrorResponse>? Error)> ReadAsync(HttpRequest request, long maxBodyBytes, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync(request, maxBodyBytes, RequestJsonContext.Default.RecipientLookupRequest, s_shape, cancellationToken);
        if (error is not null)
        {
            return (null, error);
        }

        if (!MailboxParser.TryParse(body!.Email, out var recipient))
        {
            return (null, Errors.BadRequest("The field 'email' is not an email address."));
        }

        return MessageId.IsWellFormed(body.Id) ? (new RecipientLookup(body.Id, recipient.Key), null) : (null, Errors.NotFound());
    }
}
