using System.Net.Http.Headers;
using Mailr.Grains.Events;
using Mailr.Grains.Options;
using Mailr.Grains.Providers.Http;

namespace Mailr.Grains.Providers.SendGrid;

/// <summary>
/// SendGrid on an account with the Email Activity API (<c>ActivityApi: true</c>): sends as
/// <see cref="SendGridProvider"/> and looks a lost attempt up with <c>GET /v3/messages</c> by the
/// <c>custom_args</c> Mailr sends. Only such accounts get this type, so a SendGrid provider is an
/// <see cref="IProviderLookup"/> exactly when it can be asked; the others rely on the <c>processed</c> event.
/// The look-up answers from what SendGrid said (a 403 or 404 from an account without the add-on is unknown);
/// transport failures propagate (<see cref="ProviderLookupCall"/>).
/// </summary>
internal sealed class SendGridActivityProvider(ProviderOptions options, IHttpClientFactory httpClientFactory) : IEmailProvider, IProviderLookup
{
    private readonly SendGridProvider _sender = new(options, httpClientFactory);

    private readonly ProviderHttpClient<ISendGridApi> _http = new(options, "SendGrid", SendGridProvider.DefaultBaseUrl, ProviderHttp.Client(httpClientFactory, c =>
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey)), ProviderHttp.JsonSettings);

    public string Name => _sender.Name;

    public Task<ProviderResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken) => _sender.SendAsync(email, cancellationToken);

    public Task<LookupResult> LookUpAsync(OutgoingEmail email, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        _http.LookUpAsync(async (api, _) =>
        {
            using var response = ProviderHttp.Received(await api.MessagesAsync(10, Query(email.MessageId), cancellationToken));
            if (!LookupAnswer.TryRead(response, r => ProviderHttp.ReadError<SendGridErrors>(r)?.Errors?.FirstOrDefault()?.Message, out var found, out var unknown))
            {
                return unknown;
            }

            return found.Messages?.FirstOrDefault() is { } message ? LookupResult.Found(message.MsgId) : LookupResult.NotFound();
        });

    /// <summary>v3 <c>custom_args</c> are queried as <c>unique_args</c>; Mailr's ids need no escaping inside the quotes.</summary>
    internal static string Query(string messageId) => $"unique_args['{ProviderMetadata.MessageIdKey}']=\"{messageId}\"";
}
