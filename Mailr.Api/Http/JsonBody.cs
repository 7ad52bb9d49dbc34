using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Mailr.Api.Http;

/// <summary>
/// Reads a JSON request body under a size limit into a typed record with the strict <see cref="RequestJsonContext"/>, answering
/// 415, 413 or 400 with a message that says what is wrong (naming the field, through the body's <see cref="JsonShape"/>).
/// </summary>
public static class JsonBody
{
    public const int MaxDepth = 16;

    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = MaxDepth };
    private static readonly byte[] s_utf8Bom = [0xEF, 0xBB, 0xBF];

    public static async Task<(T? Value, JsonHttpResult<ErrorResponse>? Error)> ReadAsync<T>(
        HttpRequest request, long maxBytes, JsonTypeInfo<T> type, JsonShape shape, CancellationToken cancellationToken)
        where T : class
    {
        var (json, error) = await ReadBytesAsync(request, maxBytes, cancellationToken);
        if (error is not null)
        {
            return (null, error);
        }

        try
        {
            return JsonSerializer.Deserialize(json.Span, type) is { } value ? (value, null) : (null, Errors.BadRequest("The body must be a JSON object."));
        }
        catch (JsonException e)
        {
            return (null, Errors.BadRequest(Describe(json, e, shape)));
        }
    }

    // Only on a refusal: parsed again as a document, either the syntax is wrong, or the shape tells which field is.
    private static string Describe(ReadOnlyMemory<byte> json, JsonException refusal, JsonShape shape)
    {
        try
        {
            using var document = JsonDocument.Parse(json, s_options);
            return shape.Describe(document.RootElement, JsonPath.Segments(refusal.Path));
        }
        catch (JsonException e)
        {
            return $"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).";
        }
    }

    private static async Task<(ReadOnlyMemory<byte> Json, JsonHttpResult<ErrorResponse>? Error)> ReadBytesAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
        {
            return (default, Errors.Json(StatusCodes.Status415UnsupportedMediaType, "The body must be JSON, sent with Content-Type: application/json."));
        }

        if (request.ContentLength > maxBytes)
        {
            return (default, TooLarge(maxBytes));
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (true)
            {
                var read = await request.Body.ReadAsync(buffer.GetMemory(8192), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > maxBytes)
                {
                    return (default, TooLarge(maxBytes));
                }
            }
        }
        catch (BadHttpRequestException e)
        {
            return (default, Errors.Json(e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? $"The body is larger than {maxBytes} bytes." : "The body could not be read."));
        }

        // RFC 8259 §8.1 lets a parser ignore a byte order mark; some Windows clients still send one.
        var json = buffer.WrittenMemory;
        if (json.Span.StartsWith(s_utf8Bom))
        {
            json = json[s_utf8Bom.Length..];
        }

        if (json.IsEmpty)
        {
            return (default, Errors.BadRequest("The body is empty; expected a JSON object."));
        }

        // The JSON reader leaves string contents unchecked until they are read, so bad bytes would surface later as a 5xx.
        if (!Utf8.IsValid(json.Span))
        {
            return (default, Errors.BadRequest("The body is not valid UTF-8."));
        }

        return (json, null);
    }

    private static JsonHttpResult<ErrorResponse> TooLarge(long maxBytes) =>
        Errors.Json(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {maxBytes} bytes.");

    private static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        var charset = HeaderUtilities.RemoveQuotes(media.Charset).Value;
        var isJson = media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);
        return isJson && (charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));
    }
}
