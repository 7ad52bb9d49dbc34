using Carter;
using Mailr.Grains.Messages;
using Mailr.Grains.Options;

namespace Mailr.Api.Status;

public sealed class StatusModule : ICarterModule
{
    private static readonly string[] s_fields = ["id", "email"];

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapPost("/status", GetStatusAsync).WithTags("Status");
    }

    private static async Task<IResult> GetStatusAsync(HttpRequest request, IGrainFactory grains, IOptions<MailrOptions> options, CancellationToken cancellationToken)
    {
        var (document, error) = await JsonBody.ReadAsync(request, options.Value.Limits.MaxBodyBytes, cancellationToken);
        using var _ = document;
        if (error is not null)
        {
            return error;
        }

        var fields = JsonFields.Read(document!.RootElement, s_fields);
        var id = fields.String("id");
        var email = fields.String("email");
        if (fields.Error is not null)
        {
            return Errors.BadRequest(fields.Error);
        }

        if (!MailboxParser.TryParse(email, out var recipient))
        {
            return Errors.BadRequest("The field 'email' is not an email address.");
        }

        if (!MessageId.IsWellFormed(id) || await grains.GetGrain<IMessageGrain>(id!).GetStatusAsync(recipient.Key) is not { } status)
        {
            return Errors.NotFound();
        }

        return TypedResults.Ok(new StatusResponse(status.ToString().ToLowerInvariant()));
    }
}
