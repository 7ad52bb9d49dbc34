using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mailr.Grains.Options;
using Refit;

namespace Mailr.Grains.Providers.Http;

/// <summary>Helpers the HTTP providers share: the client, JSON settings, error bodies and redaction.</summary>
internal static class ProviderHttp
{
    /// <summary>Refit settings for JSON APIs: web defaults, nulls left out.</summary>
    public static readonly RefitSettings JsonSettings = new(new SystemTextJsonContentSerializer(
        new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull }));

    private static readonly JsonSerializerOptions s_errorOptions = new() { PropertyNameCaseInsensitive = true };

    /// <summary>A client of <see cref="ProviderRegistry.HttpClientName"/> (no retry handler), with <paramref name="configure"/> applied.</summary>
    public static Func<HttpClient> Client(IHttpClientFactory factory, Action<HttpClient>? configure = null) => () =>
    {
        var client = factory.CreateClient(ProviderRegistry.HttpClientName);
        configure?.Invoke(client);
        return client;
    };

    /// <summary>The response, or its transport failure rethrown: Refit hands those back inside the response.</summary>
    public static TResponse Received<TResponse>(TResponse response)
        where TResponse : IApiResponse
    {
        if (response.Error is ApiRequestException requestError)
        {
            response.Dispose();
            ExceptionDispatchInfo.Throw(requestError.InnerException ?? requestError);
        }

        return response;
    }

    /// <summary>The error body as <typeparamref name="T"/>, or null when it is missing or not that JSON.</summary>
    public static T? ReadError<T>(IApiResponse response)
        where T : class
    {
        var content = (response.Error as ApiException)?.Content;
        try
        {
            return string.IsNullOrWhiteSpace(content) ? null : JsonSerializer.Deserialize<T>(content, s_errorOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>At most 200 characters of a provider's message, for the attempt log.</summary>
    public static string? Truncate(string? text) => text is { Length: > 200 } ? text[..200] : text;

    /// <summary>The result with every configured secret (API key, password, secret key) replaced in its detail.</summary>
    public static ProviderResult Redact(ProviderResult result, ProviderOptions options) =>
        result.Detail is { } detail ? result with { Detail = Redact(detail, options) } : result;

    /// <summary>The look-up result with every configured secret replaced in its detail.</summary>
    public static LookupResult Redact(LookupResult result, ProviderOptions options) =>
        result.Detail is { } detail ? result with { Detail = Redact(detail, options) } : result;

    private static string Redact(string detail, ProviderOptions options)
    {
        foreach (var secret in new[] { options.ApiKey, options.Password, options.SecretAccessKey }.OfType<string>().Where(s => s.Length > 0))
        {
            detail = detail.Replace(secret, "[redacted]", StringComparison.Ordinal);
        }

        return detail;
    }
}
