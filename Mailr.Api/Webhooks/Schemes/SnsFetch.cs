using System.Net;

namespace Mailr.Api.Webhooks.Schemes;

/// <summary>One GET to an SNS URL through the <c>mailr-sns</c> client, its failures turned into refusals.</summary>
internal static class SnsFetch
{
    /// <summary>
    /// The body (at most <paramref name="maxBytes"/>), or a refusal: 503 when SNS could not be reached or answered a
    /// server error (SNS retries, nothing was applied), 401 for any other answer (the URL does not lead to what SNS signs).
    /// </summary>
    public static async Task<(byte[]? Body, WebhookRead.Refused? Refusal)> GetAsync(
        IHttpClientFactory httpClientFactory, Uri url, string what, int maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            using var client = httpClientFactory.CreateClient(AmazonSesWebhookScheme.HttpClientName);
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                var retry = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
                return (null, new(retry ? 503 : 401, $"SNS answered HTTP {status} for {what}."));
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[maxBytes + 1];
            var read = 0;
            while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), cancellationToken) is var count and > 0)
            {
                read += count;
            }

            return read > maxBytes ? (null, new(401, $"SNS sent more than {maxBytes} bytes for {what}.")) : (buffer[..read], null);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return (null, new(503, $"SNS could not be reached for {what}."));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, new(503, $"SNS did not answer in time for {what}."));
        }
    }
}
