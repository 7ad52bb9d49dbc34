using System.Text.Json;
using Mailr.Grains.Events;
using Mailr.Grains.Providers.Http;

namespace Mailr.Grains.Providers.Mailgun;

/// <summary>
/// Looks a lost attempt up in Mailgun's Events API: the <c>accepted</c> events of the first recipient since
/// shortly before the attempt, matched on the <c>v:</c> variable that carries Mailr's id, page after page
/// (<c>paging.next</c>, only on BaseUrl's own origin) until an empty page. Events lag the send, so an early
/// not-found is normal. Transport failures propagate.
/// </summary>
internal static class MailgunEventSearch
{
    /// <summary>How far before the attempt the search begins (clock skew between the silo and Mailgun).</summary>
    public static readonly TimeSpan BeginMargin = TimeSpan.FromMinutes(5);

    public const int PageLimit = 300;

    public const int MaxPages = 10;

    public static async Task<LookupResult> LookUpAsync(
        IMailgunApi api, Uri baseAddress, string domain, OutgoingEmail email, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        if (email.Recipients.FirstOrDefault() is not { } recipient)
        {
            return LookupResult.Unknown("the attempt had no recipient to search by");
        }

        var begin = (sentAt - BeginMargin).ToUnixTimeSeconds();
        Uri? next = null;
        for (var page = 0; page < MaxPages; page++)
        {
            using var response = ProviderHttp.Received(next is null
                ? await api.EventsAsync(domain, "accepted", recipient.AsciiAddress, begin, "yes", PageLimit, cancellationToken)
                : await api.EventsPageAsync(next, cancellationToken));
            if (!LookupAnswer.TryRead(response, r => ProviderHttp.ReadError<MailgunSendResponse>(r)?.Message, out var events, out var unknown))
            {
                return unknown;
            }

            if (events.Items is not { Count: > 0 } items)
            {
                return LookupResult.NotFound();
            }

            if (items.FirstOrDefault(e => e.Event == "accepted" && MessageId(e) == email.MessageId) is { } accepted)
            {
                return LookupResult.Found(ProviderMessageId(accepted));
            }

            if (events.Paging?.Next is not { Length: > 0 } link)
            {
                return LookupResult.NotFound();
            }

            if (!Uri.TryCreate(link, UriKind.Absolute, out next) || !SameApi(next, baseAddress))
            {
                return LookupResult.Unknown("paging.next does not point at BaseUrl");
            }
        }

        return LookupResult.Unknown($"no match in the first {MaxPages} pages of events");
    }

    private static string? MessageId(MailgunEvent e) =>
        e.UserVariables is { } variables ? ProviderMetadata.MessageIdFrom(k => variables.TryGetValue(k, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null) : null;

    // The events carry the id without angle brackets; the send answer (and so every other attempt's record) has them.
    private static string? ProviderMessageId(MailgunEvent e) =>
        e.Message?.Headers?.TryGetValue("message-id", out var id) == true && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } bare
            ? bare.StartsWith('<') ? bare : $"<{bare}>"
            : null;

    private static bool SameApi(Uri next, Uri baseAddress) =>
        next.Scheme == baseAddress.Scheme
        && string.Equals(next.IdnHost, baseAddress.IdnHost, StringComparison.OrdinalIgnoreCase)
        && next.Port == baseAddress.Port
        && next.AbsolutePath.StartsWith(baseAddress.AbsolutePath.TrimEnd('/') + "/", StringComparison.Ordinal);
}
