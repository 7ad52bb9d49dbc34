using System.Diagnostics.Metrics;
using Mailr.Grains.Events;
using Mailr.Grains.Messages;
using Mailr.Grains.Telemetry;

namespace Mailr.Api.Webhooks;

/// <summary><c>mailr_webhook_events_total{provider,event,result}</c>: each event received, and each request refused.</summary>
public sealed class WebhookMetrics
{
    private readonly Counter<long> _events;

    public WebhookMetrics(IMeterFactory meters) =>
        _events = meters.Create(MailrTelemetry.MeterName).CreateCounter<long>("mailr.webhook.events", "{event}",
            "Provider events received, by provider, event (taken, deferred, delivered, bounced, complained, untracked; refused for a request refused as a whole) and result.");

    public void Received(string provider, DeliveryEventKind? kind, EventResult result) =>
        _events.Add(1, new("provider", provider), new("event", kind?.ToString().ToLowerInvariant() ?? "untracked"), new("result", result.ToString().ToLowerInvariant()));

    public void Refused(string provider, int status) =>
        _events.Add(1, new("provider", provider), new("event", "refused"), new("result", status switch
        {
            StatusCodes.Status401Unauthorized => "unauthorized",
            StatusCodes.Status503ServiceUnavailable => "unavailable",
            _ => "malformed",
        }));
}
