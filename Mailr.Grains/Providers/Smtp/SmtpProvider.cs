using System.Net.Security;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Mailr.Grains.Options;
using Mailr.Grains.Providers.Http;
using Mailr.Grains.Providers.Mime;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Mailr.Grains.Providers.Smtp;

/// <summary>
/// Sends through an SMTP server with MailKit. It keeps one connected, authenticated client and
/// reuses it (checked with NOOP, reconnected when dropped); each recipient's <c>RCPT TO</c> answer
/// is that recipient's: a 5xx refuses it (about the address or about the provider, see <see cref="SmtpReplyClassifier"/>), a 4xx or 552/5.2.2 defers it to the next round.
/// </summary>
internal sealed partial class SmtpProvider(ProviderOptions options, ILogger<SmtpProvider> logger, RemoteCertificateValidationCallback? testCertificateValidation = null)
    : IEmailProvider, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    // Both checked by SmtpProviderType before a provider is made.
    private readonly SecureSocketOptions _security = SmtpProviderType.ParseSecurity(options.Security) ?? throw new ArgumentException("Smtp: bad Security");
    private readonly string _host = options.Host ?? throw new ArgumentException("Smtp needs Host");
    private RecipientCollectingSmtpClient? _client;

    // Shorter than the call's own deadline (ProviderCall), so a server that stops answering, or a queue
    // for the one connection, ends here and is classified by how far it got: only after the final "."
    // is it ambiguous. At ProviderCall's deadline every SMTP call would count as ambiguous.
    private readonly TimeSpan _budget = options.Timeout * 0.8;

    public string Name => options.DisplayName;

    public int Port => options.Port ?? SmtpProviderType.DefaultPort(_security);

    public async Task<ProviderResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var message = MimeMessageBuilder.Build(email);
        var sender = MimeMessageBuilder.ToAddress(email.Content.From);
        var recipients = email.Recipients.Select(MimeMessageBuilder.ToAddress).ToList();
        var smtpUtf8 = NeedsSmtpUtf8(sender) || recipients.Exists(NeedsSmtpUtf8);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_budget);
        try
        {
            await _gate.WaitAsync(budget.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProviderResult.Retryable($"the connection stayed busy with other messages for {_budget.TotalSeconds:0.###} s");
        }

        var stage = SmtpStage.Connect;
        try
        {
            var client = await ConnectedClientAsync(smtpUtf8, budget.Token);
            stage = SmtpStage.MailFrom;
            client.Reset();
            client.PrepareEnvelope(smtpUtf8);
            await client.SendAsync(message, sender, recipients, budget.Token, client);
            return SmtpOutcome.Sent(message.MessageId, client.Refused);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A server's reply can echo what it was sent, the password included.
            var result = ProviderHttp.Redact(e is OperationCanceledException
                ? SmtpOutcome.NoAnswer(_budget, StageOf(stage))
                : SmtpOutcome.Failed(e, StageOf(stage), _client?.Refused ?? []), options);
            LogSendFailed(logger, Name, result.Outcome, result.Detail);
            await DropClientAsync();
            return result;
        }
        catch
        {
            await DropClientAsync();
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await DropClientAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Only a non-ASCII local part needs SMTPUTF8; a domain can always go in punycode.</summary>
    private static bool NeedsSmtpUtf8(MailboxAddress mailbox) => !System.Text.Ascii.IsValid(mailbox.LocalPart);

    private SmtpStage StageOf(SmtpStage stage) => stage is SmtpStage.Connect || _client is not { DataStarted: true } client
        ? stage
        : client.Total > 0 && client.Transferred < client.Total ? SmtpStage.Data : SmtpStage.AfterData;

    private async Task<RecipientCollectingSmtpClient> ConnectedClientAsync(bool smtpUtf8, CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true } reused && (reused.CanSendSmtpUtf8 || !smtpUtf8))
        {
            try
            {
                await reused.NoOpAsync(cancellationToken);
                return reused;
            }
            catch (Exception e) when (e is IOException or SmtpProtocolException or SmtpCommandException or ServiceNotConnectedException)
            {
                LogReconnecting(logger, Name, e.GetType().Name);
            }
        }

        await DropClientAsync();
        var client = new RecipientCollectingSmtpClient();
        _client = client;
        if (testCertificateValidation is not null)
        {
            client.ServerCertificateValidationCallback = testCertificateValidation;
        }

        await client.ConnectAsync(_host, Port, _security, cancellationToken);
        if (!string.IsNullOrEmpty(options.UserName))
        {
            await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken);
        }

        LogConnected(logger, Name, _host, Port);
        return client;
    }

    private async Task DropClientAsync()
    {
        if (_client is not { } client)
        {
            return;
        }

        _client = null;
        try
        {
            if (client.IsConnected)
            {
                using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.DisconnectAsync(quit: true, quit.Token);
            }
        }
        catch (Exception e) when (e is IOException or SmtpProtocolException or SmtpCommandException or OperationCanceledException)
        {
            // The connection is being thrown away: a failed QUIT changes nothing.
        }
        finally
        {
            client.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SMTP provider {Provider} connected to {Host}:{Port}")]
    private static partial void LogConnected(ILogger logger, string provider, string host, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "SMTP provider {Provider} reconnects: the kept connection failed NOOP ({Error})")]
    private static partial void LogReconnecting(ILogger logger, string provider, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMTP provider {Provider} send ended {Outcome}: {Detail}")]
    private static partial void LogSendFailed(ILogger logger, string provider, OutcomeClass outcome, string? detail);
}
