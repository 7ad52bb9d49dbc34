using Mailr.Grains.Providers.Smtp;

namespace Mailr.Tests.Providers;

public sealed class SmtpReplyClassifierTests
{
    [Theory]
    [InlineData(421, SmtpStage.Connect, OutcomeClass.Retryable)]
    [InlineData(454, SmtpStage.Connect, OutcomeClass.Retryable)]
    [InlineData(530, SmtpStage.Connect, OutcomeClass.Disabled)]
    [InlineData(534, SmtpStage.Connect, OutcomeClass.Disabled)]
    [InlineData(535, SmtpStage.Connect, OutcomeClass.Disabled)]
    [InlineData(554, SmtpStage.Connect, OutcomeClass.Retryable)]
    [InlineData(421, SmtpStage.MailFrom, OutcomeClass.Retryable)]
    [InlineData(450, SmtpStage.MailFrom, OutcomeClass.Retryable)]
    [InlineData(451, SmtpStage.MailFrom, OutcomeClass.Retryable)]
    [InlineData(452, SmtpStage.MailFrom, OutcomeClass.Retryable)]
    [InlineData(454, SmtpStage.MailFrom, OutcomeClass.Retryable)]
    [InlineData(530, SmtpStage.MailFrom, OutcomeClass.Disabled)]
    [InlineData(550, SmtpStage.MailFrom, OutcomeClass.Permanent)]
    [InlineData(551, SmtpStage.MailFrom, OutcomeClass.Permanent)]
    [InlineData(553, SmtpStage.MailFrom, OutcomeClass.Permanent)]
    [InlineData(554, SmtpStage.MailFrom, OutcomeClass.Permanent)]
    [InlineData(421, SmtpStage.Data, OutcomeClass.Retryable)]
    [InlineData(451, SmtpStage.Data, OutcomeClass.Retryable)]
    [InlineData(552, SmtpStage.Data, OutcomeClass.Permanent)]
    [InlineData(554, SmtpStage.Data, OutcomeClass.Permanent)]
    [InlineData(354, SmtpStage.Data, OutcomeClass.Retryable)]
    public void Classify_CodeAtStage_ReturnsDocumentedClass(int code, SmtpStage stage, OutcomeClass outcome) =>
        Assert.Equal(outcome, SmtpReplyClassifier.Classify(code, stage));

    [Theory]
    [InlineData(SmtpStage.Connect, OutcomeClass.Retryable)]
    [InlineData(SmtpStage.MailFrom, OutcomeClass.Retryable)]
    [InlineData(SmtpStage.Data, OutcomeClass.Retryable)]
    [InlineData(SmtpStage.AfterData, OutcomeClass.Ambiguous)]
    public void ClassifyLostConnection_AtStage_OnlyAfterFinalDotIsAmbiguous(SmtpStage stage, OutcomeClass outcome) =>
        Assert.Equal(outcome, SmtpReplyClassifier.ClassifyLostConnection(stage));

    [Theory]
    [InlineData(null, 587)]
    [InlineData("StartTls", 587)]
    [InlineData("sslonconnect", 465)]
    [InlineData("None", 25)]
    public void DefaultPort_Security_FollowsConvention(string? security, int port) =>
        Assert.Equal(port, SmtpProviderType.DefaultPort(SmtpProviderType.ParseSecurity(security)!.Value));

    [Fact]
    public void Validate_NoHostBadSecurityPasswordWithoutUser_NamesEachKey()
    {
        var problems = new SmtpProviderType().Validate(new Mailr.Grains.Options.ProviderOptions { Type = "Smtp", Security = "Tls", Password = "x", Port = 0 }, "Mailr:Providers:2");

        Assert.Equal([
            "Mailr:Providers:2:Host is required for Smtp.",
            "Mailr:Providers:2:Security 'Tls' is not StartTls, SslOnConnect or None.",
            "Mailr:Providers:2:Port 0 is not between 1 and 65535.",
            "Mailr:Providers:2:UserName is required when Password is set.",
        ], problems);
    }
}
