using System.Net;
using System.Text;

namespace Mailr.Tests.Providers;

/// <summary>Answers requests with scripted responses in order (the last one repeats) and records each request whole.</summary>
internal sealed class ScriptedHttpHandler : HttpMessageHandler
{
    private readonly Queue<(int Status, string Body, string ContentType)> _answers = new();

    public List<RecordedRequest> Requests { get; } = [];

    public RecordedRequest Single => Assert.Single(Requests);

    public ScriptedHttpHandler Answer(int status, string body, string contentType = "application/json")
    {
        _answers.Enqueue((status, body, contentType));
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        Requests.Add(new(request.Method.Method, request.RequestUri!, headers, request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken)));
        var (status, body, contentType) = _answers.Count > 1 ? _answers.Dequeue() : _answers.Peek();
        return new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, contentType), RequestMessage = request };
    }
}

internal sealed record RecordedRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? Body);
