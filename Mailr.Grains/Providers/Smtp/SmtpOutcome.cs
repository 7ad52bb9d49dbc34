using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Mailr.Grains.Providers.Smtp;

/// <summary>Turns what MailKit reported (refused recipients, an exception at a stage) into a <see cref="ProviderResult"/>.</summary>
internal static class SmtpOutcome
{
    public static ProviderResult Sent(string? messageId, IReadOnlyList<(MailboxAddress Mailbox, SmtpResponse Response)> refused)
    {
        var answers = refused.Select(r => (r.Mailbox.Address, Reply: Reply(r.Response.StatusCode, r.Response.Response), Kind: Kind(r.Response))).ToList();
        return ProviderResult.Sent(messageId, [.. answers.Where(a => a.Kind.HasValue).Select(a => new RecipientRejection(a.Address, a.Reply, a.Kind.GetValueOrDefault()))])
            with { Deferred = [.. answers.Where(a => !a.Kind.HasValue).Select(a => new RecipientRejection(a.Address, a.Reply))] };
    }

    public static ProviderResult Failed(Exception e, SmtpStage stage, IReadOnlyList<(MailboxAddress Mailbox, SmtpResponse Response)> refused) => e switch
    {
        // Each RCPT TO answer is that recipient's: the refused ones are rejected, those refused for now wait for the next round.
        NoRecipientAcceptedException when refused.Any(r => Kind(r.Response).HasValue) =>
            Sent(null, refused) with { Detail = "no recipient was accepted" },
        NoRecipientAcceptedException => ProviderResult.Retryable($"every recipient was refused for now: {Reply(refused[0].Response.StatusCode, refused[0].Response.Response)}"),
        AuthenticationException { InnerException: SmtpCommandException c } => Result(
            SmtpReplyClassifier.Classify((int)c.StatusCode, SmtpStage.Connect), $"AUTH was refused: {Reply(c.StatusCode, c.Message)}"),
        AuthenticationException => ProviderResult.Disabled($"AUTH was refused: {e.Message}"),
        ServiceNotAuthenticatedException => ProviderResult.Disabled($"the server wants AUTH: 530 {e.Message}"),
        NotSupportedException when stage is SmtpStage.Connect => ProviderResult.Disabled($"the server cannot do what is configured: {e.Message}"),
        SmtpCommandException c => Result(
            SmtpReplyClassifier.Classify((int)c.StatusCode, CommandStage(c, stage)),
            $"{CommandStage(c, stage)} answered {Reply(c.StatusCode, c.Message)}"),
        SslHandshakeException => ProviderResult.Retryable($"the TLS handshake failed: {e.Message}"),
        _ => Result(SmtpReplyClassifier.ClassifyLostConnection(stage), $"the connection was lost at {stage}: {e.GetType().Name}"),
    };

    public static ProviderResult NoAnswer(TimeSpan budget, SmtpStage stage) =>
        Result(SmtpReplyClassifier.ClassifyLostConnection(stage), $"no answer within {budget.TotalSeconds:0.###} s at {stage}");

    private static SmtpStage CommandStage(SmtpCommandException c, SmtpStage stage) =>
        stage is SmtpStage.Connect ? stage : c.ErrorCode is SmtpErrorCode.SenderNotAccepted ? SmtpStage.MailFrom : SmtpStage.Data;

    private static ProviderResult Result(OutcomeClass outcome, string detail) => new(outcome, null, detail, []);

    private static RefusalKind? Kind(SmtpResponse response) => SmtpReplyClassifier.ClassifyRecipient((int)response.StatusCode, response.Response);

    private static string Reply(SmtpStatusCode code, string text) => $"{(int)code} {text}";
}
