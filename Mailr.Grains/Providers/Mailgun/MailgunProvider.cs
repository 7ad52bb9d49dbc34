using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using System.Text;
using Mailr.Grains.Options;
using Refit;

namespace Mailr.Grains.Providers.Mailgun;

/// <summary>Sends through Mailgun's <c>POST /v3/{Domain}/messages</c> with HTTP Basic auth (user <c>api</c>).</summary>
public sealed class MailgunProvider(ProviderOptions options, IHttpClientFactory httpClientFactory) : IEmailProvider
{
    /// <summary>Mailgun's US region; the EU region is <c>https://api.eu.mailgun.net</c>.</summary>
    public const string DefaultBaseUrl = "https://api.mailgun.net";

    private static readonly RefitSettings s_settings = new();

    private IMailgunApi? _api;

    public string Name => options.DisplayName;

    public async Task<ProviderResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey) || string.IsNullOrWhiteSpace(options.Domain))
        {
            return ProviderResult.Disabled("Mailgun needs ApiKey and Domain under Mailr:Providers");
        }

        if (!Uri.TryCreate((string.IsNullOrWhiteSpace(options.BaseUrl) ? DefaultBaseUrl : options.BaseUrl).TrimEnd('/'), UriKind.Absolute, out var baseAddress))
        {
            return ProviderResult.Disabled("Mailgun's BaseUrl is not an absolute URL");
        }

        // Built once: a Refit client per call would redo its reflection over the interface for every message.
        // The client lives as long as the provider; its handler renews pooled connections (PooledConnectionLifetime).
        var api = _api ??= RestService.For<IMailgunApi>(CreateClient(baseAddress), s_settings);
        using var response = await api.SendAsync(options.Domain, MailgunMessageForm.Create(email), cancellationToken);
        if (response.Error is ApiRequestException requestError)
        {
            // Refit hands transport failures back inside the response; ProviderCall classifies the original.
            ExceptionDispatchInfo.Throw(requestError.InnerException ?? requestError);
        }

        var result = MailgunResponseClassifier.Classify(response);
        return result.Detail is { } detail ? result with { Detail = detail.Replace(options.ApiKey, "[redacted]", StringComparison.Ordinal) } : result;
    }

    private HttpClient CreateClient(Uri baseAddress)
    {
        var client = httpClientFactory.CreateClient(ProviderRegistry.HttpClientName);
        client.BaseAddress = baseAddress;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + options.ApiKey)));
        return client;
    }
}
