using Mailr.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Mailr.Tests.Options;

public sealed class MailrApiOptionsTests
{
    [Fact]
    public void AddMailrApi_NothingConfigured_DefaultLimitsAndOpenMode()
    {
        var options = Build([]).GetRequiredService<IOptions<MailrApiOptions>>().Value;

        Assert.Equal(10 * 1024 * 1024, options.Limits.MaxBodyBytes);
        Assert.Equal(50, options.Limits.MaxRecipients);
        Assert.Empty(options.ApiKeys);
    }

    [Theory]
    [InlineData("Mailr:Limits:MaxRecipients", "0", "Mailr:Limits:MaxRecipients must be positive")]
    [InlineData("Mailr:ApiKeys:0:Name", "billing", "Mailr:ApiKeys:0:Sha256 must be")]
    public void Validate_BadSetting_FailureNamesTheKey(string key, string value, string expected)
    {
        var services = Build(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<MailrApiOptions>>().Value);

        Assert.Contains(expected, error.Message);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
        .AddMailrApi()
        .BuildServiceProvider();
}
