using System.Net.Http.Headers;
using System.Text;
using Mailr.Grains.Options;
using Mailr.Grains.Providers.Http;
using Refit;

namespace Mailr.Grains.Providers.Mailgun;

/// <summary>
/// Sends through Mailgun's <c>POST /v3/{Domain}/messages</c> with HTTP Basic auth (user <c>api</c>), and looks
/// a lost attempt up in its Events API (<see cref="MailgunEventSearch"/>).
/// </summary>
internal sealed class MailgunProvider(ProviderOptions options, IHttpClientFactory httpClientFactory) : IEmailProvider, IProviderLookup
{
    /// <summary>Mailgun's US region; the EU region is <c>https://api.eu.mailgun.net</c>.</summary>
    public const string DefaultBaseUrl = "https://api.mailgun.net";

    private readonly ProviderHttpClient<IMailgunApi> _http = new(options, "Mailgun", DefaultBaseUrl, ProviderHttp.Client(httpClientFactory, c =>
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + options.ApiKey)))),
        new RefitSettings());

    public string Name => options.DisplayName;

    public Task<ProviderResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey) || string.IsNullOrWhiteSpace(options.Domain))
        {
            return Task.FromResult(ProviderResult.Disabled("Mailgun needs ApiKey and Domain under Mailr:Providers"));
        }

        return _http.SendAsync(api => api.SendAsync(options.Domain, MailgunMessageForm.Create(email), cancellationToken), MailgunResponseClassifier.Classify);
    }

    public Task<LookupResult> LookUpAsync(OutgoingEmail email, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey) || string.IsNullOrWhiteSpace(options.Domain))
        {
            return Task.FromResult(LookupResult.Unknown("Mailgun needs ApiKey and Domain under Mailr:Providers"));
        }

        return _http.LookUpAsync((api, baseAddress) => MailgunEventSearch.LookUpAsync(api, baseAddress, options.Domain, email, sentAt, cancellationToken));
    }
}
