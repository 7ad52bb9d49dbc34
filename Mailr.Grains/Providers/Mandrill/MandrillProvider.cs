using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mailr.Grains.Options;
using Refit;

namespace Mailr.Grains.Providers.Mandrill;

/// <summary>Sends through Mandrill's (Mailchimp Transactional) <c>POST /messages/send.json</c>; the API key goes in the body.</summary>
public sealed class MandrillProvider(ProviderOptions options, IHttpClientFactory httpClientFactory) : IEmailProvider
{
    public const string DefaultBaseUrl = "https://mandrillapp.com/api/1.0";

    private static readonly RefitSettings s_settings = new(new SystemTextJsonContentSerializer(
        new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull }));

    private IMandrillApi? _api;

    public string Name => options.DisplayName;

    public async Task<ProviderResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            return ProviderResult.Disabled("Mandrill needs ApiKey under Mailr:Providers");
        }

        if (!Uri.TryCreate((string.IsNullOrWhiteSpace(options.BaseUrl) ? DefaultBaseUrl : options.BaseUrl).TrimEnd('/'), UriKind.Absolute, out var baseAddress))
        {
            return ProviderResult.Disabled("Mandrill's BaseUrl is not an absolute URL");
        }

        // Built once: a Refit client per call would redo its reflection over the interface for every message.
        var api = _api ??= RestService.For<IMandrillApi>(CreateClient(baseAddress), s_settings);
        using var response = await api.SendAsync(new MandrillSendRequest(options.ApiKey, CreateMessage(email)), cancellationToken);
        if (response.Error is ApiRequestException requestError)
        {
            // Refit hands transport failures back inside the response; ProviderCall classifies the original.
            ExceptionDispatchInfo.Throw(requestError.InnerException ?? requestError);
        }

        var result = MandrillResponseClassifier.Classify(response, email);
        return result.Detail is { } detail ? result with { Detail = detail.Replace(options.ApiKey, "[redacted]", StringComparison.Ordinal) } : result;
    }

    private HttpClient CreateClient(Uri baseAddress)
    {
        var client = httpClientFactory.CreateClient(ProviderRegistry.HttpClientName);
        client.BaseAddress = baseAddress;
        return client;
    }

    private static MandrillMessage CreateMessage(OutgoingEmail email) => new(
        email.From.AsciiAddress,
        email.From.Name,
        email.Subject,
        email.Text,
        [
            .. email.To.Select(m => new MandrillRecipient(m.AsciiAddress, m.Name, "to")),
            .. email.Cc.Select(m => new MandrillRecipient(m.AsciiAddress, m.Name, "cc")),
            .. email.Bcc.Select(m => new MandrillRecipient(m.AsciiAddress, m.Name, "bcc")),
        ],
        new Dictionary<string, string> { ["mailr_id"] = email.MessageId });
}
