using Mailr.Grains.Telemetry;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mailr.Tests.Fixtures;

/// <summary>
/// The real Mailr.Silo program (silo and API in one host) on the embedded default, with the Pickup
/// provider writing into a temporary folder. Each factory gets its own silo and gateway ports.
/// </summary>
public class MailrApiFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public MailrApiFactory(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _settings = new()
        {
            ["Orleans:SiloPort"] = FreePort.Next().ToString(),
            ["Orleans:GatewayPort"] = FreePort.Next().ToString(),
            ["Orleans:MinimumReminderPeriod"] = "00:00:01",
            ["Mailr:Providers:0:Type"] = "Pickup",
            ["Mailr:Providers:0:Directory"] = PickupDirectory,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        _services = services;
    }

    public string PickupDirectory { get; } = Directory.CreateTempSubdirectory("mailr-pickup-").FullName;

    public DeliveryRecorder Recorder { get; } = new();

    /// <summary>A client that sends <paramref name="key"/> as its bearer API key (none when null).</summary>
    public HttpClient Client(string? key)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.AddSingleton<IDeliveryObserver>(Recorder);
            _services?.Invoke(services);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(PickupDirectory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
