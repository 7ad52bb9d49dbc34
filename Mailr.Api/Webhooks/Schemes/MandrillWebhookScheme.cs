using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mailr.Grains.Events;
using Mailr.Grains.Options;

namespace Mailr.Api.Webhooks.Schemes;

/// <summary>
/// Mandrill's webhooks: a form field <c>mandrill_events</c> (a JSON array) signed in <c>X-Mandrill-Signature</c> with
/// <c>base64(HMAC-SHA1(webhook key, WebhookUrl + each field's name and value, sorted by name))</c>.
/// </summary>
internal sealed class MandrillWebhookScheme : IWebhookScheme
{
    public const string SignatureHeader = "X-Mandrill-Signature";
    public const string EventsField = "mandrill_events";

    // When its HEAD check fails, Mandrill posts an empty batch signed with this fixed key instead.
    private const string UrlCheckKey = "test-webhook";

    public string ProviderType => "Mandrill";

    public Task<WebhookRead> ReadAsync(WebhookRequest request, ProviderOptions provider, CancellationToken cancellationToken) =>
        Task.FromResult(Read(request, provider));

    private static WebhookRead Read(WebhookRequest request, ProviderOptions provider)
    {
        if (HttpMethods.IsHead(request.Method))
        {
            return new WebhookRead.Handled("Mandrill's check that the webhook URL exists.");
        }

        if (provider.WebhookSecret.NonEmpty() is not { } secret)
        {
            return HmacSchemeChecks.NoSecret(provider);
        }

        if (provider.WebhookUrl.NonEmpty() is not { } url)
        {
            return new WebhookRead.Refused(401, $"Provider '{provider.DisplayName}' has no WebhookUrl: Mandrill signs the URL it posts to, so set WebhookUrl to the exact URL registered with Mandrill.");
        }

        if (HmacSchemeChecks.Header(request.Headers, SignatureHeader) is not { } given)
        {
            return new WebhookRead.Refused(401, $"The {SignatureHeader} header is missing.");
        }

        var fields = MandrillForm.Read(request);
        if (fields is null)
        {
            return new WebhookRead.Refused(401, $"The body is not a form that {SignatureHeader} could sign.");
        }

        var signed = Encoding.UTF8.GetBytes(MandrillForm.Signed(url, fields));
        if (!Matches(secret, signed, given))
        {
            return Matches(UrlCheckKey, signed, given) && fields.GetValueOrDefault(EventsField).ToString().Trim() == "[]"
                ? new WebhookRead.Handled("Mandrill's check that the webhook URL exists (an empty batch signed with its test key).")
                : new WebhookRead.Refused(401, $"{SignatureHeader} does not match: check WebhookSecret (the webhook's key) and that WebhookUrl is exactly the URL registered with Mandrill.");
        }

        return fields.TryGetValue(EventsField, out var events) && events.Count == 1
            ? MandrillEvents.Read(events.ToString(), provider.DisplayName, request.Now)
            : new WebhookRead.Refused(400, $"The form has no single {EventsField} field.");
    }

    private static bool Matches(string key, byte[] signed, string given)
    {
        Span<byte> sent = stackalloc byte[HMACSHA1.HashSizeInBytes];
        return Convert.TryFromBase64String(given, sent, out var length) && length == sent.Length
            && CryptographicOperations.FixedTimeEquals(HMACSHA1.HashData(Encoding.UTF8.GetBytes(key), signed), sent);
    }
}
