using Mailr.Grains.Options;
using Mailr.Grains.Providers.Mailgun;
using Mailr.Grains.Providers.Mandrill;
using Mailr.Grains.Providers.Pickup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mailr.Tests.Options;

public sealed class MailrOptionsTests
{
    [Fact]
    public void AddMailrGrains_ProvidersFromEnvironmentStyleKeys_BuiltInFailoverOrderWithTimeouts()
    {
        var services = Build(new()
        {
            ["Mailr:Providers:0:Type"] = "Mandrill",
            ["Mailr:Providers:0:Name"] = "mandrill-main",
            ["Mailr:Providers:0:ApiKey"] = "md-key",
            ["Mailr:Providers:0:Timeout"] = "00:00:04",
            ["Mailr:Providers:1:Type"] = "mailgun",
            ["Mailr:Providers:1:ApiKey"] = "key-1",
            ["Mailr:Providers:1:Domain"] = "mg.example.com",
            ["Mailr:Providers:2:Type"] = "Pickup",
        });

        var providers = services.GetRequiredService<ProviderRegistry>().Providers;

        Assert.Equal(["mandrill-main", "mailgun", "Pickup"], providers.Select(p => p.Name));
        Assert.IsType<MandrillProvider>(providers[0].Provider);
        Assert.IsType<MailgunProvider>(providers[1].Provider);
        Assert.IsType<PickupDirectoryProvider>(providers[2].Provider);
        Assert.Equal([TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)], providers.Select(p => p.Timeout));
    }

    [Fact]
    public void AddMailrGrains_NothingConfigured_OnePickupProviderAndDefaults()
    {
        var services = Build([]);

        var options = services.GetRequiredService<IOptions<MailrOptions>>().Value;
        var provider = Assert.Single(services.GetRequiredService<ProviderRegistry>().Providers);

        Assert.IsType<PickupDirectoryProvider>(provider.Provider);
        Assert.Equal(TimeSpan.FromHours(24), options.Retention);
        Assert.Equal(RetryOptions.DefaultDelays, options.Retry.Delays);
    }

    [Fact]
    public void AddMailrGrains_DelaysConfigured_ReplaceTheDefaults()
    {
        var services = Build(new() { ["Mailr:Retry:Delays:0"] = "00:00:02", ["Mailr:Retry:Delays:1"] = "00:00:05" });

        var delays = services.GetRequiredService<IOptions<MailrOptions>>().Value.Retry.Delays;

        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)], delays);
    }

    [Theory]
    [InlineData("Mailr:Providers:0:Type", "Sendmail", "Mailr:Providers:0:Type is 'Sendmail'")]
    [InlineData("Mailr:Providers:0:Type", "Mailgun", "Mailr:Providers:0:ApiKey is required for Mailgun")]
    [InlineData("Mailr:Retention", "-00:00:01", "Mailr:Retention must be positive")]
    [InlineData("Mailr:Retry:Delays:0", "00:00:00", "Mailr:Retry:Delays:0 must be positive")]
    public void Validate_BadSetting_FailureNamesTheKey(string key, string value, string expected)
    {
        var services = Build(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<MailrOptions>>().Value);

        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("Mandrill", "webhook-key", null, "Mailr:Providers:0:WebhookUrl must be the exact URL registered with Mandrill")]
    [InlineData("Postmark", "no-colon", null, "Mailr:Providers:0:WebhookSecret must be the user:password")]
    [InlineData("Resend", "not-a-svix-secret", null, "Mailr:Providers:0:WebhookSecret must be Resend's signing secret")]
    public void Validate_WebhookSecretThatCannotWork_FailureNamesTheKeyButNotTheSecret(string type, string secret, string? url, string expected)
    {
        var services = Build(new()
        {
            ["Mailr:Providers:0:Type"] = type,
            ["Mailr:Providers:0:ApiKey"] = "key",
            ["Mailr:Providers:0:WebhookSecret"] = secret,
            ["Mailr:Providers:0:WebhookUrl"] = url,
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<MailrOptions>>().Value);

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain(secret, error.Message);
    }

    [Theory]
    [InlineData("Mailr:Reconcile:After", "00:00:00", "Mailr:Reconcile:After must be positive")]
    [InlineData("Mailr:Reconcile:Within", "00:00:01", "Mailr:Reconcile:Within must be at least Mailr:Reconcile:After")]
    public void Validate_BadReconcileSetting_FailureNamesTheKey(string key, string value, string expected)
    {
        var services = Build(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<MailrOptions>>().Value);

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Reconcile_NothingConfigured_ProductionDefaults()
    {
        var reconcile = Build([]).GetRequiredService<IOptions<MailrOptions>>().Value.Reconcile;

        Assert.Equal((TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5), WhenUnknown.Retry), (reconcile.After, reconcile.Within, reconcile.WhenUnknown));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddMailrGrains()
            .BuildServiceProvider();
    }
}
