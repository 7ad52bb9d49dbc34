using Mailr.Grains.Options;

namespace Mailr.Grains.Providers.AmazonSes;

/// <summary>Signs each request with SigV4 (service <c>ses</c>) just before it goes out, over the exact bytes sent.</summary>
internal sealed class SigV4SigningHandler(ProviderOptions options, TimeProvider clock) : DelegatingHandler
{
    public const string Service = "ses";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var payload = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var uri = request.RequestUri!;
        var headers = new Dictionary<string, string>
        {
            ["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}",
            ["x-amz-date"] = SigV4.AmzDate(now),
        };
        if (request.Content?.Headers.ContentType is { } contentType)
        {
            headers["content-type"] = contentType.ToString();
        }

        request.Headers.Add("X-Amz-Date", headers["x-amz-date"]);
        request.Headers.TryAddWithoutValidation("Authorization", SigV4.Authorization(
            request.Method.Method, uri, headers, payload, options.AccessKeyId!, options.SecretAccessKey!, options.Region!, Service, now));
        return await base.SendAsync(request, cancellationToken);
    }
}
