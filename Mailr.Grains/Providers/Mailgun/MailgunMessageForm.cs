using Mailr.Grains.Messages;
using Refit;

namespace Mailr.Grains.Providers.Mailgun;

// The form fields of POST /v3/{domain}/messages. CollectionFormat.Multi repeats the key per recipient.
internal sealed class MailgunMessageForm
{
    [AliasAs("from")]
    public required string From { get; init; }

    [AliasAs("to"), Query(CollectionFormat.Multi)]
    public required IReadOnlyList<string> To { get; init; }

    [AliasAs("cc"), Query(CollectionFormat.Multi)]
    public required IReadOnlyList<string> Cc { get; init; }

    [AliasAs("bcc"), Query(CollectionFormat.Multi)]
    public required IReadOnlyList<string> Bcc { get; init; }

    [AliasAs("subject")]
    public required string Subject { get; init; }

    [AliasAs("text")]
    public required string Text { get; init; }

    // Custom data: Mailgun echoes v: fields to webhooks and events, which is how an ambiguous send is reconciled.
    [AliasAs("v:mailr-id")]
    public required string MailrId { get; init; }

    public static MailgunMessageForm Create(OutgoingEmail email) => new()
    {
        From = Format(email.From),
        To = [.. email.To.Select(Format)],
        Cc = [.. email.Cc.Select(Format)],
        Bcc = [.. email.Bcc.Select(Format)],
        Subject = email.Subject,
        Text = email.Text,
        MailrId = email.MessageId,
    };

    // The display name as given (Mailgun encodes it); the domain in ASCII.
    private static string Format(Mailbox mailbox) => new Mailbox(mailbox.AsciiAddress, mailbox.Name).ToString();
}
