using System.Text.Json;
using Microsoft.AspNetCore.Http;
using MimeKit;

namespace Mailr.Tests.Fakes.ProviderStubs;

/// <summary>Reading helpers the stubs share.</summary>
internal static class StubRequest
{
    public static async Task<byte[]> BodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }

    public static async Task<JsonElement> JsonAsync(HttpContext context) => JsonDocument.Parse(await BodyAsync(context)).RootElement.Clone();

    /// <summary>The addresses in RFC 5322 address lists such as <c>"Bob" &lt;bob@example.com&gt;, carol@example.com</c>.</summary>
    public static IEnumerable<string> Addresses(IEnumerable<string?> lists) =>
        lists.OfType<string>().Where(l => l.Length > 0).SelectMany(l => InternetAddressList.Parse(l).Mailboxes).Select(m => m.GetAddress(idnEncode: true));

    public static string? String(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static IEnumerable<JsonElement> Array(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];
}
