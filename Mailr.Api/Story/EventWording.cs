using Mailr.Grains.Events;
using Mailr.Grains.Messages;

namespace Mailr.Api.Story;

/// <summary>Puts provider events and reconcile steps in plain words, never naming the provider.</summary>
public static class EventWording
{
    public static StoryEventResponse Describe(StoryEvent e)
    {
        var what = e.Kind switch
        {
            DeliveryEventKind.Taken => "the provider reported it took the message",
            DeliveryEventKind.Deferred => "the provider is still trying to deliver it",
            DeliveryEventKind.Delivered => "the receiving server accepted it",
            DeliveryEventKind.Bounced => "it bounced: the address refused it for good",
            _ => "the recipient marked it as spam",
        };
        var result = e.Result switch
        {
            EventResult.Applied => "",
            EventResult.Duplicate => " (a repeat of what was known: nothing changed)",
            _ => " (older than what was known, or a step back: nothing changed)",
        };
        return new StoryEventResponse(e.ReceivedAt, e.OccurredAt, Snake(e.Kind.ToString()), Snake(e.Result.ToString()), what + result);
    }

    public static StoryStepResponse Describe(StoryStep step) => new(step.At, Snake(step.Kind.ToString()), step.Kind switch
    {
        ReconcileStepKind.Started => "no answer came back; asking the provider whether it took it before sending again",
        ReconcileStepKind.NotFoundYet => "the provider has no trace of it yet; asking again later",
        ReconcileStepKind.LookupFailed => "the provider could not be asked; asking again later",
        ReconcileStepKind.Found => "the provider took it: it will not be sent again",
        ReconcileStepKind.NotTaken => "the provider did not take it: sending goes on",
        ReconcileStepKind.UnknownRetry => "it stays unknown whether the provider took it; sending again (a duplicate is possible)",
        _ => "it stays unknown whether the provider took it; not sending again, to avoid a duplicate",
    });

    private static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
