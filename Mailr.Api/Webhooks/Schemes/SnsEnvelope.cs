using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Mailr.Api.Webhooks.Schemes;

/// <summary>The JSON document Amazon SNS posts to an HTTP(S) subscriber, with the fields its signature covers.</summary>
internal sealed record SnsEnvelope(
    string Type,
    string MessageId,
    string Message,
    string? Subject,
    string Timestamp,
    string TopicArn,
    string? SubscribeUrl,
    string? Token,
    string SignatureVersion,
    string Signature,
    string SigningCertUrl)
{
    public const string Notification = "Notification";
    public const string SubscriptionConfirmation = "SubscriptionConfirmation";
    public const string UnsubscribeConfirmation = "UnsubscribeConfirmation";

    private static readonly string[] Signed = ["MessageId", "Message", "Timestamp", "TopicArn", "SignatureVersion", "Signature", "SigningCertURL"];

    /// <summary>The envelope, or why it is not one SNS signed (a problem that names the field).</summary>
    public static bool TryParse(ReadOnlyMemory<byte> body, [NotNullWhen(true)] out SnsEnvelope? envelope, out string problem)
    {
        envelope = null;
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            problem = "The body is not an SNS message (not JSON).";
            return false;
        }

        if (JsonFields.Text(root, "Type") is not { } type || type is not (Notification or SubscriptionConfirmation or UnsubscribeConfirmation))
        {
            problem = "The body is not an SNS message (Type is not Notification, SubscriptionConfirmation or UnsubscribeConfirmation).";
            return false;
        }

        string[] required = type != Notification ? [.. Signed, "SubscribeURL", "Token"] : Signed;
        if (required.FirstOrDefault(name => JsonFields.Text(root, name) is null) is { } missing)
        {
            problem = $"The SNS message has no string {missing}.";
            return false;
        }

        envelope = new SnsEnvelope(
            type,
            Field("MessageId"),
            Field("Message"),
            JsonFields.Text(root, "Subject"),
            Field("Timestamp"),
            Field("TopicArn"),
            JsonFields.Text(root, "SubscribeURL"),
            JsonFields.Text(root, "Token"),
            Field("SignatureVersion"),
            Field("Signature"),
            Field("SigningCertURL"));
        problem = "";
        return true;

        string Field(string name) => JsonFields.Text(root, name) ?? "";
    }

    /// <summary>
    /// The text SNS signs, per the AWS SNS Developer Guide, "Verifying the signatures of Amazon SNS messages"
    /// (awsdocs/amazon-sns-developer-guide doc_source/sns-verify-signature-of-message.md @ 32e7b11): each field's name,
    /// a newline, its value, a newline, in byte order; a Notification signs Message, MessageId, Subject (only when
    /// present), Timestamp, TopicArn and Type; a confirmation signs Message, MessageId, SubscribeURL, Timestamp, Token,
    /// TopicArn and Type. aws-sdk-ruby's Aws::SNS::MessageVerifier builds the same.
    /// </summary>
    public byte[] StringToSign()
    {
        var text = new StringBuilder();
        Append("Message", Message);
        Append("MessageId", MessageId);
        if (Type == Notification)
        {
            if (Subject is not null)
            {
                Append("Subject", Subject);
            }
        }
        else
        {
            Append("SubscribeURL", SubscribeUrl ?? "");
        }

        Append("Timestamp", Timestamp);
        if (Type != Notification)
        {
            Append("Token", Token ?? "");
        }

        Append("TopicArn", TopicArn);
        Append("Type", Type);
        return Encoding.UTF8.GetBytes(text.ToString());

        void Append(string name, string value) => text.Append(name).Append('\n').Append(value).Append('\n');
    }
}
