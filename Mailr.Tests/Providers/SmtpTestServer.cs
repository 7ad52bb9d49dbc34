using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using IMessageStore = SmtpServer.Storage.IMessageStore;
using ServerResponse = SmtpServer.Protocol.SmtpResponse;

namespace Mailr.Tests.Providers;

/// <summary>What the server took in one transaction: the envelope, the parsed message and who had logged in.</summary>
internal sealed record ReceivedSmtpMessage(string From, IReadOnlyList<string> To, MimeMessage Message, string? User);

/// <summary>
/// A real SMTP server (the SmtpServer package) on a free loopback port: it answers each
/// <c>RCPT TO</c> as the test says (550, 451 once, …), checks AUTH credentials, offers STARTTLS or
/// implicit TLS with a self-signed certificate, and counts connections.
/// </summary>
internal sealed class SmtpTestServer : IAsyncDisposable, IMailboxFilter, IMessageStore, IUserAuthenticator
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _recipientAnswers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Channel<ReceivedSmtpMessage> _received = Channel.CreateUnbounded<ReceivedSmtpMessage>();
    private readonly Channel<Guid> _closed = Channel.CreateUnbounded<Guid>();
    private readonly (string User, string Password)? _credentials;
    private readonly Task _running;
    private int _connections;

    private SmtpTestServer(X509Certificate2? certificate, bool implicitTls, (string User, string Password)? credentials)
    {
        _credentials = credentials;
        var listeners = new PortReportingListenerFactory();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("mailr-test")
            .Endpoint(endpoint =>
            {
                endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, 0)).IsSecure(implicitTls).AllowUnsecureAuthentication(certificate is null);
                if (certificate is not null)
                {
                    endpoint.Certificate(certificate);
                }
            })
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add((IMailboxFilter)this);
        services.Add((IMessageStore)this);
        services.Add((IUserAuthenticator)this);
        var server = new SmtpServer.SmtpServer(options, services);
        server.SessionCreated += (_, _) => Interlocked.Increment(ref _connections);
        server.SessionCompleted += (_, e) => _closed.Writer.TryWrite(e.Context.SessionId);
        server.SessionFaulted += (_, e) => _closed.Writer.TryWrite(e.Context.SessionId);
        server.SessionCancelled += (_, e) => _closed.Writer.TryWrite(e.Context.SessionId);

        // The listener is bound before StartAsync first yields, so Port is known on return.
        _running = server.StartAsync(_stop.Token);
        Port = listeners.Port;
    }

    public int Port { get; }

    /// <summary>How many TCP connections the server has accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public static SmtpTestServer Start((string User, string Password)? credentials = null) => new(null, false, credentials);

    public static SmtpTestServer StartWithTls(X509Certificate2 certificate, bool implicitTls, (string User, string Password)? credentials = null) =>
        new(certificate, implicitTls, credentials);

    /// <summary>The next <c>RCPT TO</c> answers for <paramref name="address"/>, one code per attempt; then it is accepted.</summary>
    public void Answer(string address, params int[] codes)
    {
        var answers = _recipientAnswers.GetOrAdd(address, _ => new ConcurrentQueue<int>());
        foreach (var code in codes)
        {
            answers.Enqueue(code);
        }
    }

    public async Task<ReceivedSmtpMessage> NextMessageAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    public IReadOnlyList<ReceivedSmtpMessage> TakeReceived()
    {
        var all = new List<ReceivedSmtpMessage>();
        while (_received.Reader.TryRead(out var message))
        {
            all.Add(message);
        }

        return all;
    }

    /// <summary>Completes when a session has ended (QUIT, or the client went away).</summary>
    public async Task SessionClosedAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _closed.Reader.ReadAsync(timeout.Token);
    }

    public static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    Task<bool> IMailboxFilter.CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

    Task<bool> IMailboxFilter.CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
    {
        if (_credentials is not null && context.Authentication.IsAuthenticated is false)
        {
            throw new SmtpResponseException(ServerResponse.AuthenticationRequired);
        }

        if (!_recipientAnswers.TryGetValue(to.AsAddress(), out var answers) || !answers.TryDequeue(out var code))
        {
            return Task.FromResult(true);
        }

        return code == 550 ? Task.FromResult(false) : throw new SmtpResponseException(new ServerResponse((SmtpReplyCode)code, $"answer {code} for {to.AsAddress()}"));
    }

    async Task<ServerResponse> IMessageStore.SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(buffer.ToArray());
        var message = await MimeMessage.LoadAsync(stream, cancellationToken);
        var user = context.Authentication.IsAuthenticated ? context.Authentication.User : null;
        _received.Writer.TryWrite(new ReceivedSmtpMessage(transaction.From.AsAddress(), [.. transaction.To.Select(t => t.AsAddress())], message, user));
        return ServerResponse.Ok;
    }

    Task<bool> IUserAuthenticator.AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken) =>
        Task.FromResult(_credentials is { } expected && expected.User == user && expected.Password == password);

    private sealed class PortReportingListenerFactory : EndpointListenerFactory
    {
        public int Port { get; private set; }

        protected override void OnEndpointStarted(EndpointEventArgs args)
        {
            Port = ((IPEndPoint)args.LocalEndPoint).Port;
            base.OnEndpointStarted(args);
        }
    }
}
