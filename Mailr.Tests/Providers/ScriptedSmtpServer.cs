using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Mailr.Tests.Providers;

/// <summary>
/// A tiny SMTP server on a free loopback port that speaks the dialogue line by line, so a test can
/// answer any command with any reply or drop the connection at an exact point: a 421 greeting, a
/// drop before <c>DATA</c>, a drop after the final <c>.</c> before the reply. It does not offer
/// PIPELINING, so MailKit sends one command at a time.
/// </summary>
internal sealed class ScriptedSmtpServer : IAsyncDisposable
{
    /// <summary>Answer with this to close the connection without a reply.</summary>
    public const string Drop = "<drop>";

    /// <summary>Answer with this to say nothing and keep the connection open, as a stuck server does.</summary>
    public const string Hang = "<hang>";

    /// <summary>The step asked for when a client connects.</summary>
    public const string Greeting = "<greeting>";

    /// <summary>The step asked for after the final <c>.</c> of the message.</summary>
    public const string EndOfData = "<end-of-data>";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, Socket> _open = new();
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Channel<string> _messages = Channel.CreateUnbounded<string>();
    private readonly Channel<int> _closed = Channel.CreateUnbounded<int>();
    private readonly List<Task> _sessions = [];
    private readonly Task _accepting;
    private int _connections;

    public ScriptedSmtpServer(Func<string, string?>? script = null)
    {
        Script = script ?? (_ => null);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>
    /// Given the step (<see cref="Greeting"/>, a command line such as <c>RCPT TO:&lt;a@b&gt;</c>, or
    /// <see cref="EndOfData"/>), the reply to send, <see cref="Drop"/>, or null for the ordinary answer.
    /// </summary>
    public Func<string, string?> Script { get; set; }

    public int Port { get; }

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Every command line received, in order, on every connection.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Closes every open connection, as a server does with an idle client.</summary>
    public void DropConnections()
    {
        foreach (var (id, socket) in _open)
        {
            if (_open.TryRemove(id, out _))
            {
                socket.Close(0);
            }
        }
    }

    /// <summary>The text of the next message taken in (up to, not with, the final <c>.</c>).</summary>
    public async Task<string> NextMessageAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _messages.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Completes when a connection has ended (the client quit or went away).</summary>
    public async Task ConnectionClosedAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _closed.Reader.ReadAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        DropConnections();
        await _accepting;
        Task[] sessions;
        lock (_sessions)
        {
            sessions = [.. _sessions];
        }

        await Task.WhenAll(sessions);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var id = Interlocked.Increment(ref _connections);
            _open[id] = client.Client;
            lock (_sessions)
            {
                _sessions.Add(ServeAsync(id, client));
            }
        }
    }

    private async Task ServeAsync(int id, TcpClient client)
    {
        try
        {
            using var _ = client;
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\r\n", AutoFlush = true };
            if (!await ReplyAsync(writer, Greeting, "220 scripted ESMTP"))
            {
                return;
            }

            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                _lines.Enqueue(line);
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                var ordinary = verb switch
                {
                    "EHLO" => "250-scripted\r\n250-8BITMIME\r\n250 AUTH PLAIN LOGIN",
                    "HELO" or "MAIL" or "RCPT" or "RSET" or "NOOP" => "250 ok",
                    "AUTH" => "235 2.7.0 authenticated",
                    "DATA" => "354 end with <CRLF>.<CRLF>",
                    "QUIT" => "221 bye",
                    _ => "502 not implemented",
                };
                var reply = Script(line) ?? ordinary;
                if (!await ReplyAsync(writer, line, reply) || verb == "QUIT")
                {
                    return;
                }

                if (verb == "DATA" && reply.StartsWith("354", StringComparison.Ordinal))
                {
                    var message = new StringBuilder();
                    while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".")
                    {
                        message.Append(data.StartsWith('.') ? data[1..] : data).Append("\r\n");
                    }

                    _messages.Writer.TryWrite(message.ToString());
                    if (!await ReplyAsync(writer, EndOfData, "250 2.0.0 queued as SCRIPTED1"))
                    {
                        return;
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client or the test closed the connection.
        }
        finally
        {
            _open.TryRemove(id, out _);
            _closed.Writer.TryWrite(id);
        }
    }

    /// <summary>Sends the reply the script gives for <paramref name="step"/>; false when the connection is dropped instead.</summary>
    private async Task<bool> ReplyAsync(StreamWriter writer, string step, string ordinary)
    {
        var reply = step == Greeting || step == EndOfData ? Script(step) ?? ordinary : ordinary;
        if (reply == Drop)
        {
            return false;
        }

        if (reply == Hang)
        {
            await Task.Delay(Timeout.Infinite, _stop.Token);
        }

        await writer.WriteLineAsync(reply);
        return !reply.StartsWith("421", StringComparison.Ordinal);
    }
}
