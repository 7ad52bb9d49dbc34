using System.Runtime.ExceptionServices;
using Mailr.Grains.Options;
using Refit;

namespace Mailr.Grains.Providers.Http;

/// <summary>
/// The send skeleton every HTTP provider shares: resolves <c>BaseUrl</c> (the provider's real public
/// URL by default), builds the Refit client once, rethrows Refit's transport failures for
/// <see cref="ProviderCall"/> to classify, and redacts the configured secrets from the outcome's detail.
/// </summary>
/// <param name="typeName">The type as documented (<c>Mailgun</c>), for details.</param>
/// <param name="createClient">Makes the HttpClient; see <see cref="ProviderHttp.Client"/>.</param>
internal sealed class ProviderHttpClient<TApi>(ProviderOptions options, string typeName, string defaultBaseUrl, Func<HttpClient> createClient, RefitSettings settings)
    where TApi : class
{
    private TApi? _api;

    public async Task<ProviderResult> SendAsync<TResponse>(Func<TApi, Task<TResponse>> call, Func<TResponse, ProviderResult> classify)
        where TResponse : IApiResponse
    {
        var baseUrl = string.IsNullOrWhiteSpace(options.BaseUrl) ? defaultBaseUrl : options.BaseUrl;
        if (!Uri.TryCreate(baseUrl.TrimEnd('/'), UriKind.Absolute, out var baseAddress))
        {
            return ProviderResult.Disabled($"{typeName}'s BaseUrl is not an absolute URL");
        }

        // Built once: a Refit client per call would redo its reflection over the interface for every message.
        // The client lives as long as the provider; its handler renews pooled connections (PooledConnectionLifetime).
        var api = _api ??= RestService.For<TApi>(WithBaseAddress(createClient(), baseAddress), settings);
        using var response = await call(api);
        if (response.Error is ApiRequestException requestError)
        {
            // Refit hands transport failures back inside the response; ProviderCall classifies the original.
            ExceptionDispatchInfo.Throw(requestError.InnerException ?? requestError);
        }

        return ProviderHttp.Redact(classify(response), options);
    }

    private static HttpClient WithBaseAddress(HttpClient client, Uri baseAddress)
    {
        client.BaseAddress = baseAddress;
        return client;
    }
}
