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
internal static class SmtpReplyClassifier
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
}
