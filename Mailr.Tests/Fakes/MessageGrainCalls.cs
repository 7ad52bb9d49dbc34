namespace Mailr.Tests.Fakes;

/// <summary>Grain calls as the open-mode API makes them (owner ""), for tests that are not about owners.</summary>
public static class MessageGrainCalls
{
    public static Task<AcceptOutcome> AcceptAsync(this IMessageGrain grain, OutgoingMessage message) => grain.AcceptAsync(new AcceptRequest("", message));

    public static async Task<DeliveryStatus?> GetStatusAsync(this IMessageGrain grain, string recipientKey) =>
        (await grain.GetStatusAsync(new RecipientQuery("", recipientKey)))?.Status;

    public static async Task<DeliveryState?> GetDeliveryAsync(this IMessageGrain grain, string recipientKey) =>
        (await grain.GetStatusAsync(new RecipientQuery("", recipientKey)))?.Delivery;

    public static Task<MessageSummary?> GetSummaryAsync(this IMessageGrain grain) => grain.GetSummaryAsync(new MessageQuery(""));

    public static Task<MessageStory?> GetStoryAsync(this IMessageGrain grain, string recipientKey) => grain.GetStoryAsync(new RecipientQuery("", recipientKey));
}
