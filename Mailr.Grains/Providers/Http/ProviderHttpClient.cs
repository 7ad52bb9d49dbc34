using Mailr.Grains.Options;
using Refit;

namespace Mailr.Grains.Providers.Http;

/// <summary>
/// The call skeleton every HTTP provider shares: resolves <c>BaseUrl</c> (the provider's real public
/// URL by default), builds the Refit client once, rethrows Refit's transport failures (for
/// <see cref="ProviderCall"/> or <see cref="ProviderLookupCall"/> to classify), and redacts the
/// configured secrets from the outcome's detail.
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
        if (Api() is not (var api, _))
        {
            return ProviderResult.Disabled($"{typeName}'s BaseUrl is not an absolute URL");
        }

        using var response = ProviderHttp.Received(await call(api));
        return ProviderHttp.Redact(classify(response), options);
    }

    /// <summary>
    /// Runs a look-up (one or more calls, each through <see cref="ProviderHttp.Received"/>) with the client and the base address
    /// it resolved; transport failures propagate as from <see cref="SendAsync"/>.
    /// </summary>
    public async Task<LookupResult> LookUpAsync(Func<TApi, Uri, Task<LookupResult>> lookUp)
    {
        if (Api() is not (var api, var baseAddress))
        {
            return LookupResult.Unknown($"{typeName}'s BaseUrl is not an absolute URL");
        }

        return ProviderHttp.Redact(await lookUp(api, baseAddress), options);
    }

    private (TApi Api, Uri BaseAddress)? Api()
    {
        var baseUrl = string.IsNullOrWhiteSpace(options.BaseUrl) ? defaultBaseUrl : options.BaseUrl;
        if (!Uri.TryCreate(baseUrl.TrimEnd('/'), UriKind.Absolute, out var baseAddress))
        {
            return null;
        }

        // Built once: a Refit client per call would redo its reflection over the interface for every message.
        // The client lives as long as the provider; its handler renews pooled connections (PooledConnectionLifetime).
        return (_api ??= RestService.For<TApi>(WithBaseAddress(createClient(), baseAddress), settings), baseAddress);
    }

    private static HttpClient WithBaseAddress(HttpClient client, Uri baseAddress)
    {
        client.BaseAddress = baseAddress;
        return client;
    }
}
