using Mailr.Grains.Messages;

namespace Mailr.Api.Status;

/// <summary>
/// The <c>{"id", "email"}</c> body shared by <c>/status</c> and <c>/story</c>, so both answer the same
/// 400s and the same 404 (a malformed id is answered like an unknown one).
/// </summary>
public sealed record RecipientLookup(string Id, string RecipientKey)
{
    private static readonly string[] s_fields = ["id", "email"];

    public static async Task<(RecipientLookup? Lookup, IResult? Error)> ReadAsync(HttpRequest request, long maxBodyBytes, CancellationToken cancellationToken)
    {
        var (document, error) = await JsonBody.ReadAsync(request, maxBodyBytes, cancellationToken);
        using var _ = document;
        if (error is not null)
        {
            return (null, error);
        }

        var fields = JsonFields.Read(document!.RootElement, s_fields);
        var id = fields.String("id");
        var email = fields.String("email");
        if (fields.Error is not null)
        {
            return (null, Errors.BadRequest(fields.Error));
        }

        if (!MailboxParser.TryParse(email, out var recipient))
        {
            return (null, Errors.BadRequest("The field 'email' is not an email address."));
        }

        return MessageId.IsWellFormed(id) ? (new RecipientLookup(id!, recipient.Key), null) : (null, Errors.NotFound());
    }
}
