using System.Reflection;
using Mailr.Api;
using Mailr.Api.Idempotency;
using Mailr.Api.Messages;

namespace Mailr.Tests.Idempotency;

/// <summary>
/// Two bodies that ask for different messages must never share a fingerprint, or an Idempotency-Key would replay the wrong one.
/// Every field of the request (and of an attachment) has a variant here that changes only that field: a field added to the
/// request fails <see cref="Variants_CoverEveryRequestField"/> until it has one, and then the fingerprint must tell it apart.
/// </summary>
public sealed class MessageFingerprintTests
{
    private static readonly AttachmentRequest File = new() { Filename = "a.txt", ContentType = "text/plain", Content = "aGVsbG8=" };

    private static readonly SendMessageRequest Full = new()
    {
        From = "Amit <amit@example.com>",
        To = ["jay@example.com"],
        Cc = ["ana@example.com"],
        Bcc = ["sam@example.com"],
        Subject = "Hello",
        Text = "Hi there",
        Html = "<p>Hi</p>",
        ReplyTo = ["help@example.com"],
        Headers = new Dictionary<string, string> { ["X-Campaign"] = "winter" },
        Attachments = [File],
    };

    private static readonly Dictionary<string, SendMessageRequest> RequestVariants = new()
    {
        [nameof(SendMessageRequest.From)] = Full with { From = "Amit <amit@example.org>" },
        [nameof(SendMessageRequest.To)] = Full with { To = ["jay@example.org"] },
        [nameof(SendMessageRequest.Cc)] = Full with { Cc = ["ana@example.org"] },
        [nameof(SendMessageRequest.Bcc)] = Full with { Bcc = ["sam@example.org"] },
        [nameof(SendMessageRequest.Subject)] = Full with { Subject = "Hello!" },
        [nameof(SendMessageRequest.Text)] = Full with { Text = "Hi there!" },
        [nameof(SendMessageRequest.Html)] = Full with { Html = "<p>Hi!</p>" },
        [nameof(SendMessageRequest.ReplyTo)] = Full with { ReplyTo = ["help@example.org"] },
        [nameof(SendMessageRequest.Headers)] = Full with { Headers = new Dictionary<string, string> { ["X-Campaign"] = "summer" } },
        [nameof(SendMessageRequest.Attachments)] = Full with { Attachments = [File, File with { Filename = "b.txt" }] },
    };

    private static readonly Dictionary<string, SendMessageRequest> AttachmentVariants = new()
    {
        [nameof(AttachmentRequest.Filename)] = Full with { Attachments = [File with { Filename = "b.txt" }] },
        [nameof(AttachmentRequest.ContentType)] = Full with { Attachments = [File with { ContentType = "text/csv" }] },
        [nameof(AttachmentRequest.Content)] = Full with { Attachments = [File with { Content = "aGVsbG8h" }] },
    };

    public static TheoryData<string> RequestFields => [.. RequestVariants.Keys];

    public static TheoryData<string> AttachmentFields => [.. AttachmentVariants.Keys];

    [Fact]
    public void Variants_CoverEveryRequestField()
    {
        Assert.Equal(Fields<SendMessageRequest>(), RequestVariants.Keys.Order());
        Assert.Equal(Fields<AttachmentRequest>(), AttachmentVariants.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(RequestFields))]
    public void Of_RequestDiffersInOneField_DifferentFingerprint(string field) =>
        Assert.NotEqual(Fingerprint(Full), Fingerprint(RequestVariants[field]));

    [Theory]
    [MemberData(nameof(AttachmentFields))]
    public void Of_AttachmentDiffersInOneField_DifferentFingerprint(string field) =>
        Assert.NotEqual(Fingerprint(Full), Fingerprint(AttachmentVariants[field]));

    [Fact]
    public void Of_SameMessageAskedTwice_SameFingerprint() =>
        Assert.Equal(Fingerprint(Full), Fingerprint(Full with { To = [.. Full.To], Attachments = [File with { }] }));

    [Fact]
    public void Of_FieldsMovedBetweenNeighbours_DifferentFingerprint() =>
        Assert.NotEqual(Fingerprint(Full with { Cc = [], Bcc = ["ana@example.com"] }), Fingerprint(Full with { Cc = ["ana@example.com"], Bcc = [] }));

    private static string Fingerprint(SendMessageRequest request)
    {
        var (message, error) = SendMessageValidator.Validate(request, new LimitsOptions());
        Assert.Null(error);
        return MessageFingerprint.Of(message!);
    }

    private static IEnumerable<string> Fields<T>() =>
        typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name).Order();
}
