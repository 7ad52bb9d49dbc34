using System.Text.RegularExpressions;

namespace Mailr.Grains.Providers.Smtp;

/// <summary>Where in the SMTP dialogue a reply or a failure came.</summary>
public enum SmtpStage
{
    /// <summary>Connecting, the greeting, EHLO, STARTTLS and AUTH: nothing was sent.</summary>
    Connect,

    /// <summary><c>MAIL FROM</c>.</summary>
    MailFrom,

    /// <summary><c>DATA</c> and the message up to the final <c>.</c>.</summary>
    Data,

    /// <summary>After the final <c>.</c>, waiting for the server's reply.</summary>
    AfterData,
}

/// <summary>The one table from an SMTP reply code (or a lost connection) to an outcome class (see PROVIDERS.md).</summary>
internal static partial class SmtpReplyClassifier
{
    public static OutcomeClass Classify(int code, SmtpStage stage) => code switch
    {
        421 or 454 => OutcomeClass.Retryable,
        530 or 534 or 535 => OutcomeClass.Disabled,
        >= 400 and < 500 => OutcomeClass.Retryable,
        >= 500 and < 600 when stage is SmtpStage.Connect => OutcomeClass.Retryable,
        >= 500 and < 600 => OutcomeClass.Permanent,
        _ => OutcomeClass.Retryable,
    };

    /// <summary>A connection lost (or a timeout) with no reply: only after the final <c>.</c> may the message have gone.</summary>
    public static OutcomeClass ClassifyLostConnection(SmtpStage stage) =>
        stage is SmtpStage.AfterData ? OutcomeClass.Ambiguous : OutcomeClass.Retryable;

    /// <summary>
    /// What a refused <c>RCPT TO</c> is about, by the RFC 3463 enhanced code at the start of its text, else by its
    /// code (docs/refusals.md); null when it is refused for now and the recipient waits for the next round: a 4xx,
    /// and a full mailbox or a 552, which RFC 5321 §4.5.3.1.10 asks clients to treat as temporary at <c>RCPT</c>.
    /// </summary>
    public static RefusalKind? ClassifyRecipient(int code, string? text)
    {
        if (code is < 500 or > 599)
        {
            return null;
        }

        var enhanced = EnhancedCode().Match(text ?? "");
        var subjectDetail = enhanced.Success ? (int.Parse(enhanced.Groups[1].ValueSpan), int.Parse(enhanced.Groups[2].ValueSpan)) : (0, 0);
        return subjectDetail switch
        {
            // X.1.7 and X.1.8 are the sender's address, not the recipient's.
            (1, 7 or 8) => RefusalKind.Provider,
            (1, _) or (2, 1) => RefusalKind.Address,
            (2, 2) => null,
            // X.0.0 (or none) says nothing more than the basic code.
            (0, 0) => code switch
            {
                550 or 553 => RefusalKind.Address,
                552 => null,
                _ => RefusalKind.Provider,
            },
            _ => RefusalKind.Provider,
        };
    }

    [GeneratedRegex(@"^\s*5\.(\d{1,3})\.(\d{1,3})(?![\d.])", RegexOptions.CultureInvariant)]
    private static partial Regex EnhancedCode();
}
