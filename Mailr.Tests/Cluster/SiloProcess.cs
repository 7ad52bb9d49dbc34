using System.Diagnostics;

namespace Mailr.Tests.Cluster;

/// <summary>A real <c>Mailr.Silo</c> process, started from its build output with the given environment.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _log;

    private SiloProcess(Process process, string log, int httpPort)
    {
        _process = process;
        _log = log;
        HttpPort = httpPort;
    }

    public int HttpPort { get; }

    public string BaseUrl => $"http://127.0.0.1:{HttpPort}";

    public bool HasExited => _process.HasExited;

    public static SiloProcess Start(IReadOnlyDictionary<string, string> environment, int httpPort, string logDirectory)
    {
        var dll = SiloDll();
        var log = Path.Combine(logDirectory, $"silo-{httpPort}-{DateTime.UtcNow:HHmmssfff}.log");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}";
        var process = Process.Start(start)!;
        var writer = new StreamWriter(log) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(writer, e.Data);
        process.ErrorDataReceived += (_, e) => Write(writer, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SiloProcess(process, log, httpPort);
    }

    /// <summary>Waits until this silo's API can reach a grain (an unknown id answers 404).</summary>
    public async Task WaitReadyAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"silo on port {HttpPort} exited during start-up:\n{Tail()}");
            }

            try
            {
                var response = await http.GetAsync($"{BaseUrl}/messages/{Grains.Messages.MessageId.New()}");
                if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"silo on port {HttpPort} not ready within {timeout}:\n{Tail()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    /// <summary>SIGKILL: the process dies at once, mid-call, without a chance to hand anything over.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: the graceful stop an orchestrator sends.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
        {
            await kill.WaitForExitAsync();
            if (kill.ExitCode != 0)
            {
                throw new InvalidOperationException($"kill -TERM {_process.Id} failed with exit code {kill.ExitCode}");
            }
        }

        await _process.WaitForExitAsync().WaitAsync(timeout);
    }

    public string Tail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(_log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"(log unreadable: {e.Message})";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Write(StreamWriter writer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (writer)
        {
            writer.WriteLine(line);
        }
    }

    /// <summary>Mailr.Silo's own build output, in the configuration the tests were built in.</summary>
    private static string SiloDll()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Mailr.sln")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(root?.FullName ?? throw new InvalidOperationException("Mailr.sln not found above the test output"),
            "Mailr.Silo", "bin", configuration, framework, "Mailr.Silo.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build Mailr.Silo first", dll);
    }
}
