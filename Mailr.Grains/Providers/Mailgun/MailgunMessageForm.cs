using System.Net.Http.Headers;
using Mailr.Grains.Events;
using Mailr.Grains.Messages;

namespace Mailr.Grains.Providers.Mailgun;

// The fields of POST /v3/{domain}/messages, in order, repeated keys kept: url-encoded, or multipart
// with an `attachment` file part per attachment (Mailgun takes files only as multipart).
internal static class MailgunMessageForm
{
    public static HttpContent Create(OutgoingEmail email)
    {
        var fields = Fields(email).ToList();
        if (email.Content.Attachments.Count == 0)
        {
            return new FormUrlEncodedContent(fields);
        }

        var multipart = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            multipart.Add(new StringContent(value), name);
        }

        foreach (var attachment in email.Content.Attachments)
        {
            var file = new ByteArrayContent(attachment.Content);
            file.Headers.ContentType = MediaTypeHeaderValue.Parse(attachment.ContentType);
            multipart.Add(file, "attachment", attachment.FileName);
        }

        return multipart;
    }

    private static IEnumerable<KeyValuePair<string, string>> Fields(OutgoingEmail email)
    {
        yield return new("from", Format(email.Content.From));
        foreach (var (field, list) in new[] { ("to", email.To), ("cc", email.Cc), ("bcc", email.Bcc) })
        {
            foreach (var mailbox in list)
            {
                yield return new(field, Format(mailbox));
            }
        }

        yield return new("subject", email.Content.Subject);
        if (email.Content.PlainText is { } text)
        {
            yield return new("text", text);
        }

        if (email.Content.Html is { } html)
        {
            yield return new("html", html);
        }

        if (email.Content.ReplyTo.Count > 0)
        {
            yield return new("h:Reply-To", string.Join(", ", email.Content.ReplyTo.Select(Format)));
        }

        foreach (var header in email.Content.Headers)
        {
            yield return new("h:" + header.Name, header.Value);
        }

        // Custom data: Mailgun echoes v: fields to webhooks and events, which is how an ambiguous send is reconciled.
        yield return new("v:" + ProviderMetadata.MessageIdKey, email.MessageId);
    }

    // The display name as given (Mailgun encodes it); the domain in ASCII.
    private static string Format(Mailbox mailbox) => new Mailbox(mailbox.AsciiAddress, mailbox.Name).ToString();
}
