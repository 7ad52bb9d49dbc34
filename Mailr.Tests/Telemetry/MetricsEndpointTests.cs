using System.Net;

namespace Mailr.Tests.Telemetry;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_AfterOneSentMessage_ScrapeHasAcceptedAndProviderAttemptSeries()
    {
        await using var factory = new MailrApiFactory(new Dictionary<string, string?> { ["Mailr:Providers:0:Name"] = "pickup-metrics" });
        var client = factory.CreateClient();
        await factory.Recorder.WaitFinishedAsync(await client.PostMessageAsync());

        var response = await client.GetAsync("/metrics");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n');

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("# TYPE mailr_messages_accepted_total counter", lines);
        Assert.Contains(lines, l => l.StartsWith("mailr_messages_accepted_total{otel_scope_name=\"Mailr\"} ", StringComparison.Ordinal));
        Assert.Contains("mailr_provider_attempts_total{otel_scope_name=\"Mailr\",outcome=\"Sent\",provider=\"pickup-metrics\"} 1", lines);
        Assert.Contains(lines, l => l.StartsWith("mailr_recipients_sent_total{otel_scope_name=\"Mailr\"} ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("mailr_messages_time_to_finish_seconds_count{otel_scope_name=\"Mailr\",result=\"sent\"} ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("orleans_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_ProviderDisabled_StateSeriesPerStateAndSkippedCounted()
    {
        await using var factory = new MailrApiFactory(new Dictionary<string, string?> { ["Mailr:Providers:0:Name"] = "pickup-health" });
        var client = factory.CreateClient();
        await client.PostAsync("/providers/pickup-health/disable", null);
        await client.PostAsync("/messages", Json.Body(Json.SampleRequest()));

        var lines = (await (await client.GetAsync("/metrics")).Content.ReadAsStringAsync()).Split('\n');

        Assert.Contains("mailr_provider_state{otel_scope_name=\"Mailr\",provider=\"pickup-health\",state=\"disabled\"} 1", lines);
        Assert.Contains("mailr_provider_state{otel_scope_name=\"Mailr\",provider=\"pickup-health\",state=\"closed\"} 0", lines);
        Assert.Contains("mailr_provider_state{otel_scope_name=\"Mailr\",provider=\"pickup-health\",state=\"open\"} 0", lines);
        Assert.Contains("mailr_provider_state{otel_scope_name=\"Mailr\",provider=\"pickup-health\",state=\"half-open\"} 0", lines);
        Assert.Contains(lines, l => l.StartsWith("mailr_provider_skipped_total{otel_scope_name=\"Mailr\",provider=\"pickup-health\"} ", StringComparison.Ordinal));
    }
}
