using System.Text;
using System.Text.Json;
using Mailr.Api.Webhooks;
using Mailr.Grains.Options;
using Microsoft.AspNetCore.Http;

namespace Mailr.Tests.Webhooks;

/// <summary>The copied provider vectors and payloads, and requests built from them, for the Mailgun, Mandrill, Postmark and Resend schemes.</summary>
internal static class HmacWebhookFixtures
{
    public const string MailrId = "01J8Z3Q4W5E6R7T8Y9U0I1O2P3";

    private static readonly Lazy<JsonElement> s_vectors = new(() => Load("webhook-vectors.json").GetProperty("vectors"));
    private static readonly Lazy<JsonElement> s_payloads = new(() => Load("webhook-payloads.json").GetProperty("payloads"));

    public static JsonElement Vector(string id) => s_vectors.Value.EnumerateArray().Single(v => v.GetProperty("id").GetString() == id);

    public static string Payload(string id) => s_payloads.Value.GetProperty(id).GetProperty("body").GetString()!;

    public static string Text(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static DateTimeOffset At(long unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(unixSeconds);

    public static ProviderOptions Provider(string type, string? secret, string? url = null) =>
        new() { Name = type.ToLowerInvariant() + "-main", Type = type, WebhookSecret = secret, WebhookUrl = url };

    public static WebhookRequest Request(string body, DateTimeOffset now, string? contentType = "application/json", params (string Name, string Value)[] headers) =>
        Request(Encoding.UTF8.GetBytes(body), now, contentType, headers);

    public static WebhookRequest Request(byte[] body, DateTimeOffset now, string? contentType = "application/json", params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary.Append(name, value);
        }

        return new WebhookRequest("POST", dictionary, contentType, body, now);
    }

    public static async Task<IReadOnlyList<Grains.Events.DeliveryReport>> EventsAsync(this IWebhookScheme scheme, WebhookRequest request, ProviderOptions provider) =>
        Assert.IsType<WebhookRead.Events>(await scheme.ReadAsync(request, provider, CancellationToken.None)).Reports;

    /// <summary>Asserts a refusal with <paramref name="status"/> whose message never shows the secret; returns the message.</summary>
    public static async Task<string> RefusedAsync(this IWebhookScheme scheme, WebhookRequest request, ProviderOptions provider, int status)
    {
        var refused = Assert.IsType<WebhookRead.Refused>(await scheme.ReadAsync(request, provider, CancellationToken.None));
        Assert.Equal(status, refused.Status);
        Assert.False(string.IsNullOrWhiteSpace(refused.Message));
        if (provider.WebhookSecret is { Length: > 0 } secret)
        {
            Assert.DoesNotContain(secret, refused.Message, StringComparison.Ordinal);
            Assert.All(secret.Split(':').Where(part => part.Length >= 6), part => Assert.DoesNotContain(part, refused.Message, StringComparison.Ordinal));
        }

        return refused.Message;
    }

    /// <summary>
    /// Valid JSON of random shape (fixed seed) whose keys come from <paramref name="keys"/> and whose values include
    /// huge numbers, escaped lone surrogates and wrong types: a scheme must answer every one without throwing.
    /// </summary>
    public static IEnumerable<string> RandomJson(int count, bool array, params string[] keys)
    {
        var random = new Random(20_261_208);
        for (var i = 0; i < count; i++)
        {
            var text = new StringBuilder();
            if (array)
            {
                text.Append('[');
                var items = random.Next(0, 4);
                for (var item = 0; item < items; item++)
                {
                    text.Append(item == 0 ? "" : ",");
                    AppendObject(text, random, keys, 3);
                }

                text.Append(']');
            }
            else
            {
                AppendObject(text, random, keys, 3);
            }

            yield return text.ToString();
        }
    }

    private static void AppendObject(StringBuilder text, Random random, string[] keys, int depth)
    {
        text.Append('{');
        var fields = random.Next(0, keys.Length + 1);
        for (var field = 0; field < fields; field++)
        {
            text.Append(field == 0 ? "" : ",").Append('"').Append(keys[random.Next(keys.Length)]).Append("\":");
            AppendValue(text, random, keys, depth - 1);
        }

        text.Append('}');
    }

    private static void AppendValue(StringBuilder text, Random random, string[] keys, int depth)
    {
        string[] scalars =
        [
            "null", "true", "0", "-1", "1.5", "1e400", "-1e400", "123456789012345678901234567890", "1700000000", "1700000000.123456",
            "\"\"", "\"a@example.com\"", "\"\\ud800\"", "\"x\\udc00\"", "\"2024-01-02T03:04:05Z\"", "\"not a date\"", "\"1700000000\"",
            "\"mailr_message_id\"", "\"permanent\"", "\"temporary\"",
            .. keys.Select(k => $"\"{k}\""),
        ];
        switch (depth <= 0 ? 0 : random.Next(4))
        {
            case 1:
                AppendObject(text, random, keys, depth);
                break;
            case 2:
                text.Append('[');
                var items = random.Next(0, 3);
                for (var item = 0; item < items; item++)
                {
                    text.Append(item == 0 ? "" : ",");
                    AppendValue(text, random, keys, depth - 1);
                }

                text.Append(']');
                break;
            default:
                text.Append(scalars[random.Next(scalars.Length)]);
                break;
        }
    }

    private static JsonElement Load(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Webhooks", "Fixtures", file))).RootElement;
}
