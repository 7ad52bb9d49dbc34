using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mailr.Api.Http;

/// <summary>Every error answer: <c>{"message": ...}</c>, plus the bad addresses when there are some.</summary>
public sealed record ErrorResponse(
    string Message,
    [property: JsonPropertyName("invalid_emails"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<string>? InvalidEmails = null);

/// <summary>The error answers, typed so handlers can return <c>Results&lt;..., JsonHttpResult&lt;ErrorResponse&gt;&gt;</c>.</summary>
public static class Errors
{
    /// <summary>The one answer for an unknown id, an expired id and a non-recipient, so none can be probed.</summary>
    public static JsonHttpResult<ErrorResponse> NotFound() => Json(StatusCodes.Status404NotFound, "No message with this id was sent to this recipient.");

    public static JsonHttpResult<ErrorResponse> BadRequest(string message) => Json(StatusCodes.Status400BadRequest, message);

    public static JsonHttpResult<ErrorResponse> InvalidEmails(IReadOnlyList<string> invalid) =>
        TypedResults.Json(new ErrorResponse("Some email addresses are not valid.", invalid), statusCode: StatusCodes.Status400BadRequest);

    public static JsonHttpResult<ErrorResponse> Json(int statusCode, string message) => TypedResults.Json(new ErrorResponse(message), statusCode: statusCode);
}
