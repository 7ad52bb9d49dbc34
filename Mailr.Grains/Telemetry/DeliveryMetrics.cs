using System.Diagnostics.Metrics;
using Mailr.Grains.Messages;

namespace Mailr.Grains.Telemetry;

/// <summary>Mailr's own meter, <c>Mailr</c>: what was accepted, attempted, sent and failed.</summary>
internal sealed class DeliveryMetrics : IDeliveryObserver
{
    public const string MeterName = "Mailr";

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;
    private readonly Histogram<double> _timeToFinish;

    public DeliveryMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _accepted = meter.CreateCounter<long>("mailr.messages.accepted", "{message}", "Messages accepted (202).");
        _attempts = meter.CreateCounter<long>("mailr.provider.attempts", "{attempt}", "Provider calls by provider and outcome class.");
        _sent = meter.CreateCounter<long>("mailr.recipients.sent", "{recipient}", "Recipients a provider accepted.");
        _failed = meter.CreateCounter<long>("mailr.recipients.failed", "{recipient}", "Recipients that ended failed.");
        _timeToFinish = meter.CreateHistogram<double>("mailr.messages.time_to_finish", "s", "Time from acceptance until every recipient is sent or failed, by result (sent, failed, partial).");
    }

    public void Accepted(string messageId, int recipients) => _accepted.Add(1);

    public void Attempted(string messageId, SendAttempt attempt) =>
        _attempts.Add(1, new("provider", attempt.Provider), new("outcome", attempt.Outcome.ToString()));

    public void Finished(string messageId, IReadOnlyList<RecipientState> recipients, TimeSpan sinceAccepted)
    {
        var sent = recipients.Count(r => r.Status == DeliveryStatus.Sent);
        var failed = recipients.Count(r => r.Status == DeliveryStatus.Failed);
        _sent.Add(sent);
        _failed.Add(failed);

        // result="sent" reads as the time from acceptance to sent.
        var result = failed == 0 ? "sent" : sent == 0 ? "failed" : "partial";
        _timeToFinish.Record(sinceAccepted.TotalSeconds, new KeyValuePair<string, object?>("result", result));
    }
}
