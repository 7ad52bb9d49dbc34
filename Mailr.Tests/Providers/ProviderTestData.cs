using System.Net;
using System.Net.Sockets;
using Mailr.Grains.Messages;
using Mailr.Grains.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Mailr.Tests.Providers;

internal static class ProviderTestData
{
    public const string ApiKey = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0";

    public static readonly Mailbox Sender = new("sender@example.com", "Mailr Sender");
    public static readonly Mailbox Zoe = new("zoe@bücher.example", "Zoë Ångström");
    public static readonly Mailbox Bob = new("bob@example.com", "Bob \"The Builder\"");
    public static readonly Mailbox Carol = new("carol@example.com");
    public static readonly Mailbox Dave = new("dave@example.com", "Dave");

    public static OutgoingEmail Email(string messageId = "msg-0001", string subject = "Grüße from Mailr") =>
        new(messageId, new MessageContent(Sender, subject, "Hello Zoë,\nthis is line two."), [Zoe, Bob], [Carol], [Dave]);

    public static readonly byte[] PdfBytes = "%PDF-1.4 mailr test"u8.ToArray();

    /// <summary>The same email with every rich field: HTML, two Reply-To mailboxes, an X- header and a PDF attachment.</summary>
    public static OutgoingEmail RichEmail(string messageId = "msg-0001") => Email(messageId).With(c => c with
    {
        Html = "<p>Hello Zoë</p>",
        ReplyTo = [new Mailbox("replies@example.com", "Replies"), new Mailbox("help@example.com")],
        Headers = [new MessageHeader("X-Campaign", "spring-2026")],
        Attachments = [new Attachment("invoice.pdf", "application/pdf", PdfBytes)],
    });

    /// <summary>The same email with its content changed by <paramref name="change"/>.</summary>
    public static OutgoingEmail With(this OutgoingEmail email, Func<MessageContent, MessageContent> change) => email with { Content = change(email.Content) };

    /// <summary>The wire form of a JSON body, for comparing with a serialized anonymous object.</summary>
    public static string Json(string body) => System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonDocument.Parse(body).RootElement);

    public static ServiceProvider HttpServices(HttpMessageHandler? primaryHandler = null, bool withProviderTypes = false)
    {
        var services = new ServiceCollection();
        if (withProviderTypes)
        {
            services.AddEmailProviderTypes();
        }

        var builder = services.AddHttpClient(ProviderRegistry.HttpClientName);
        if (primaryHandler is not null)
        {
            builder.ConfigurePrimaryHttpMessageHandler(() => primaryHandler);
        }

        return services.BuildServiceProvider();
    }

    public static IHttpClientFactory HttpClientFactory(this ServiceProvider services) => services.GetRequiredService<IHttpClientFactory>();

    public static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The fields of an application/x-www-form-urlencoded body, in order, repeated keys kept.</summary>
    public static List<KeyValuePair<string, string>> ParseForm(string body) =>
        [.. body.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('=', 2)).Select(p => KeyValuePair.Create(Decode(p[0]), Decode(p.ElementAtOrDefault(1) ?? "")))];

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
