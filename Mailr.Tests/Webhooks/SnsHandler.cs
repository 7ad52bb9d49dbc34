using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Mailr.Tests.Webhooks;

/// <summary>Stands in for SNS behind the <c>mailr-sns</c> client: answers every URL with <see cref="Respond"/> and records what was asked.</summary>
internal sealed class SnsHandler(string certificatePem) : HttpMessageHandler
{
    public ConcurrentQueue<Uri> Requests { get; } = new();

    /// <summary>The answer for a URL; by default the certificate for any URL, so a check that lets a URL through shows as a fetch.</summary>
    public Func<Uri, HttpResponseMessage> Respond { get; set; } = _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(certificatePem, Encoding.ASCII) };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request.RequestUri!);
        return Task.FromResult(Respond(request.RequestUri!));
    }
}
