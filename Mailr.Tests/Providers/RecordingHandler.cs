using System.Net;
using System.Text;

namespace Mailr.Tests.Providers;

/// <summary>Answers every request with one canned JSON body and remembers the request URIs.</summary>
internal sealed class RecordingHandler(string json) : HttpMessageHandler
{
    public List<Uri?> RequestUris { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        RequestUris.Add(request.RequestUri);
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
    }
}
