using Mailr.Grains;
using Mailr.Grains.Options;
using Mailr.Grains.Providers;
using Mailr.Grains.Providers.AmazonSes;
using Mailr.Grains.Providers.Postmark;
using Mailr.Grains.Providers.Resend;
using Mailr.Grains.Providers.SendGrid;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mailr.Tests.Options;

public sealed class ProviderTypesTests
{
    [Fact]
    public void AddMailrGrains_EveryNewType_BuiltFromItsKeys()
    {
        using var services = Build(new()
        {
            ["Mailr:Providers:0:Type"] = "sendgrid",
            ["Mailr:Providers:0:ApiKey"] = "SG.key",
            ["Mailr:Providers:1:Type"] = "Postmark",
            ["Mailr:Providers:1:ApiKey"] = "pm-token",
            ["Mailr:Providers:2:Type"] = "Resend",
            ["Mailr:Providers:2:ApiKey"] = "re_key",
            ["Mailr:Providers:3:Type"] = "AmazonSes",
            ["Mailr:Providers:3:Region"] = "eu-west-1",
            ["Mailr:Providers:3:AccessKeyId"] = "AKID",
            ["Mailr:Providers:3:SecretAccessKey"] = "secret",
        });

        var providers = services.GetRequiredService<ProviderRegistry>().Providers.Select(p => p.Provider).ToList();

        Assert.Equal([typeof(SendGridProvider), typeof(PostmarkProvider), typeof(ResendProvider), typeof(AmazonSesProvider)], providers.Select(p => p.GetType()));
    }

    [Theory]
    [InlineData("Sendmail", "Mailr:Providers:0:Type is 'Sendmail'; expected one of Pickup, Mailgun, Mandrill, SendGrid, Postmark, Resend, AmazonSes, Smtp")]
    [InlineData("SendGrid", "Mailr:Providers:0:ApiKey is required for SendGrid.")]
    [InlineData("Postmark", "Mailr:Providers:0:ApiKey is required for Postmark (the server token).")]
    [InlineData("Resend", "Mailr:Providers:0:ApiKey is required for Resend.")]
    [InlineData("AmazonSes", "Mailr:Providers:0:Region is required for AmazonSes (e.g. eu-west-1).")]
    [InlineData("AmazonSes", "Mailr:Providers:0:SecretAccessKey is required for AmazonSes.")]
    [InlineData("Mandrill", "Mailr:Providers:0:ApiKey is required for Mandrill.")]
    [InlineData("Mailgun", "Mailr:Providers:0:Domain is required for Mailgun.")]
    public void Validate_TypeWithoutItsKeys_FailureNamesTheKey(string type, string expected)
    {
        using var services = Build(new() { ["Mailr:Providers:0:Type"] = type });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<MailrOptions>>().Value);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddEmailProviderType_OneMoreType_IsValidatedBuiltAndDisposedWithTheRegistry()
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Mailr:Providers:0:Type"] = "Carrier",
                ["Mailr:Providers:0:Name"] = "pigeon",
            }).Build())
            .AddMailrGrains()
            .AddEmailProviderType<CarrierProviderType>()
            .BuildServiceProvider();

        var provider = (CarrierProvider)Assert.Single(services.GetRequiredService<ProviderRegistry>().Providers).Provider;
        await services.DisposeAsync();

        Assert.Equal("pigeon", provider.Name);
        Assert.True(provider.Disposed);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
        .AddMailrGrains()
        .BuildServiceProvider();

    private sealed class CarrierProviderType : IEmailProviderType
    {
        public string Type => "Carrier";

        public IEnumerable<string> Validate(ProviderOptions options, string key) => [];

        public IEmailProvider Create(ProviderOptions options, IServiceProvider services) => new CarrierProvider(options.DisplayName);
    }

    private sealed class CarrierProvider(string name) : IEmailProvider, IAsyncDisposable
    {
        public string Name => name;

        public bool Disposed { get; private set; }

        public Task<ProviderResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken) => Task.FromResult(ProviderResult.Sent("carried"));

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
