using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Mailr.Api.Webhooks.Schemes;

/// <summary>A Mandrill post's form fields and the text its signature covers.</summary>
internal static class MandrillForm
{
    /// <summary>The decoded fields; empty for a body that is not form-encoded; null when the form is beyond reading.</summary>
    public static Dictionary<string, StringValues>? Read(WebhookRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var media)
            || !media.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        try
        {
            using var reader = new FormReader(Encoding.UTF8.GetString(request.Body.Span));
            return reader.ReadForm();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>The URL, then each field's name and value in name order (repeated names joined with commas, as Mandrill.net does).</summary>
    public static string Signed(string url, Dictionary<string, StringValues> fields)
    {
        var text = new StringBuilder(url);
        foreach (var (name, values) in fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append(values.ToString());
        }

        return text.ToString();
    }
}
