using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Net.Http.Headers;

namespace Mailr.Api.Http;

/// <summary>Reads a JSON request body under a size limit, answering 415, 413 or 400 with a message that says what is wrong.</summary>
public static class JsonBody
{
    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 16 };
    private static readonly byte[] s_utf8Bom = [0xEF, 0xBB, 0xBF];

    public static async Task<(JsonDocument? Document, IResult? Error)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
        {
            return (null, Errors.Json(StatusCodes.Status415UnsupportedMediaType, "The body must be JSON, sent with Content-Type: application/json."));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
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
                    return (null, TooLarge(maxBytes));
                }
            }
        }
        catch (BadHttpRequestException e)
        {
            return (null, Errors.Json(e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? $"The body is larger than {maxBytes} bytes." : "The body could not be read."));
        }

        // RFC 8259 §8.1 lets a parser ignore a byte order mark; some Windows clients still send one.
        var json = buffer.WrittenMemory;
        if (json.Span.StartsWith(s_utf8Bom))
        {
            json = json[s_utf8Bom.Length..];
        }

        if (json.IsEmpty)
        {
            return (null, Errors.BadRequest("The body is empty; expected a JSON object."));
        }

        // The JSON reader leaves string contents unchecked until they are read, so bad bytes would surface later as a 5xx.
        if (!Utf8.IsValid(json.Span))
        {
            return (null, Errors.BadRequest("The body is not valid UTF-8."));
        }

        try
        {
            return (JsonDocument.Parse(json, s_options), null);
        }
        catch (JsonException e)
        {
            return (null, Errors.BadRequest($"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})."));
        }
    }

    private static IResult TooLarge(long maxBytes) =>
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
