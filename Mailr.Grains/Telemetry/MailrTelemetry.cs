using System.Diagnostics;
using Mailr.Grains.Delivery;
using Mailr.Grains.Providers;

namespace Mailr.Grains.Telemetry;

/// <summary>
/// Mailr's own traces: the <c>Mailr</c> activity source. Its spans carry the message id, and for a
/// provider call the provider and the outcome class; never an address, a body or a key.
/// </summary>
public static class MailrTelemetry
{
    public const string SourceName = "Mailr";

    /// <summary>The meter beside the source (see <see cref="DeliveryMetrics"/>).</summary>
    public const string MeterName = DeliveryMetrics.MeterName;

    public const string MessageIdTag = "mailr.message_id";
    public const string ProviderTag = "mailr.provider";
    public const string OutcomeTag = "mailr.outcome";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Recording a new message: runs inside the HTTP request's trace.</summary>
    public static Activity? StartAccept(string messageId) =>
        Source.StartActivity("mailr.accept")?.SetTag(MessageIdTag, messageId);

    /// <summary>
    /// One provider call. Rounds run on a timer or a reminder, outside any request, so the caller
    /// passes the accept's context to keep the first round in the request's trace.
    /// </summary>
    public static Activity? StartSend(string messageId, string provider, ActivityContext parent) =>
        Source.StartActivity("mailr.send", ActivityKind.Internal, parent)?
            .SetTag(MessageIdTag, messageId)
            .SetTag(ProviderTag, provider);

    public static void SetOutcome(this Activity? activity, OutcomeClass outcome)
    {
        activity?.SetTag(OutcomeTag, outcome.ToString());
        if (outcome is not OutcomeClass.Sent)
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome.ToString());
        }
    }
}
