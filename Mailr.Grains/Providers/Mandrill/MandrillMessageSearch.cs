using System.Globalization;
using System.Text.Json;
using Mailr.Grains.Events;
using Mailr.Grains.Providers.Http;

namespace Mailr.Grains.Providers.Mandrill;

/// <summary>
/// Looks a lost attempt up with Mandrill's <c>messages/search</c>: the first recipient's messages from the
/// sender on the attempt's days (UTC), matched on the <c>metadata</c> that carries Mailr's id. This needs no
/// custom search index (Mandrill indexes recipient and sender; metadata is read from the results).
/// Search results lag the send a little. Transport failures propagate.
/// </summary>
internal static class MandrillMessageSearch
{
    public const int Limit = 100;

    public static async Task<LookupResult> LookUpAsync(IMandrillApi api, string key, OutgoingEmail email, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        if (email.Recipients.FirstOrDefault() is not { } recipient)
        {
            return LookupResult.Unknown("the attempt had no recipient to search by");
        }

        // The day before too when the attempt was just after midnight, the day after in case Mandrill's clock is ahead.
        var request = new MandrillSearchRequest(
            key,
            $"email:{recipient.AsciiAddress}",
            Day(sentAt - TimeSpan.FromMinutes(5)),
            Day(sentAt + TimeSpan.FromDays(1)),
            [email.Content.From.AsciiAddress],
            Limit);
        using var response = ProviderHttp.Received(await api.SearchAsync(request, cancellationToken));
        if (!LookupAnswer.TryRead(response, Error, out var results, out var unknown))
        {
            return unknown;
        }

        var ids = results.Where(r => MessageId(r) == email.MessageId).Select(r => r.Id).OfType<string>().Where(id => id.Length > 0).Distinct().ToList();
        return ids.Count > 0 ? LookupResult.Found(string.Join(',', ids)) : LookupResult.NotFound();
    }

    private static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? MessageId(MandrillMessageInfo info) =>
        info.Metadata is { } metadata ? ProviderMetadata.MessageIdFrom(k => metadata.TryGetValue(k, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null) : null;

    private static string? Error(Refit.IApiResponse response) =>
        ProviderHttp.ReadError<MandrillError>(response) is { Name: { } name } error ? $"{name}: {error.Message}" : null;
}
