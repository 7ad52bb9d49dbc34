using System.Text.RegularExpressions;
using Mailr.Api;
using Mailr.Grains.Options;
using Mailr.Silo;
using Mailr.Silo.Configuration;
using Microsoft.Extensions.Configuration;

namespace Mailr.Tests.Deployment;

public sealed partial class ComposeFileTests
{
    private readonly ComposeFile _compose = ComposeFile.Load();

    [Fact]
    public void SiloEnvironment_EveryKey_IsAConfigurationKeyMailrReads()
    {
        var unknown = _compose.SiloEnvironment.Keys.Where(k => !KnownKeys.IsKnown(ComposeFile.ConfigurationPath(k)));

        Assert.Empty(unknown);
    }

    [Fact]
    public void SiloEnvironment_RedisModeWithOwnAddressPerReplica()
    {
        var configuration = ComposeFile.ToConfiguration(_compose.SiloEnvironment);

        Assert.Equal("redis:6379", configuration["ConnectionStrings:Redis"]);
        Assert.Equal(AdvertisedAddress.Auto, configuration["Orleans:AdvertisedIPAddress"]);
    }

    [Fact]
    public void SiloEnvironment_BoundToMailrOptions_PassesValidation()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(ComposeFile.ToConfiguration(_compose.SiloEnvironment)).Build();
        var options = configuration.GetSection(MailrOptions.SectionName).Get<MailrOptions>() ?? new MailrOptions();
        var api = configuration.GetSection(MailrApiOptions.SectionName).Get<MailrApiOptions>() ?? new MailrApiOptions();
        using var types = new ServiceCollection().AddEmailProviderTypes().BuildServiceProvider();

        var result = new MailrOptionsValidator(types.GetServices<IEmailProviderType>()).Validate(null, options);
        var apiResult = new MailrApiOptionsValidator().Validate(null, api);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.True(apiResult.Succeeded, apiResult.FailureMessage);
        Assert.Equal(["Pickup"], options.Providers.Select(p => p.Type));
    }

    [Theory]
    [InlineData("Mailr__Providers__0__Typ")]
    [InlineData("Orleans__SiloPrt")]
    [InlineData("ConnectionStrings__Reddis")]
    [InlineData("Mailr__Retry__Delay__0")]
    public void IsKnown_MisspelledKey_False(string variable)
    {
        Assert.False(KnownKeys.IsKnown(ComposeFile.ConfigurationPath(variable)));
    }

    [Fact]
    public void RedisCommand_AppendOnlyAlwaysFsyncAndNoEviction()
    {
        var command = string.Join(' ', _compose.RedisCommand);

        Assert.Equal("redis-server", _compose.RedisCommand[0]);
        Assert.Contains("--appendonly yes", command, StringComparison.Ordinal);
        Assert.Contains("--appendfsync always", command, StringComparison.Ordinal);
        Assert.Contains("--maxmemory-policy noeviction", command, StringComparison.Ordinal);
    }

    [Fact]
    public void Silo_Replicas_Three()
    {
        Assert.Equal(3, _compose.SiloReplicas);
    }

    [Fact]
    public void Silo_StopGracePeriod_LongerThanShutdownTimeout()
    {
        var grace = _compose.Service(ComposeFile.SiloService)["stop_grace_period"].ToString();

        Assert.Equal("40s", grace);
        Assert.True(TimeSpan.FromSeconds(40) > OperationsExtensions.ShutdownTimeout);
    }

    [Fact]
    public void Nginx_UpstreamPort_MatchesSiloUrlsPort()
    {
        var urls = _compose.SiloEnvironment["ASPNETCORE_URLS"];
        var nginx = File.ReadAllText(Path.Combine(ComposeFile.RepositoryRoot, "deploy", "nginx.conf"));

        var upstream = Assert.Single(UpstreamServer().Matches(nginx));

        Assert.Equal(ComposeFile.SiloService, upstream.Groups["host"].Value);
        Assert.Equal(new Uri(urls.Replace("+", "localhost", StringComparison.Ordinal)).Port.ToString(), upstream.Groups["port"].Value);
        Assert.Contains("./deploy/nginx.conf:/etc/nginx/nginx.conf:ro", _compose.Service(ComposeFile.NginxService)["volumes"].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_Entrypoint_RunsMailrSiloDll()
    {
        var dockerfile = File.ReadAllLines(Path.Combine(ComposeFile.RepositoryRoot, "Mailr.Silo", "Dockerfile"));

        Assert.Equal("ENTRYPOINT [\"dotnet\", \"Mailr.Silo.dll\"]", dockerfile.Last(l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal)));
        Assert.Equal("FROM mcr.microsoft.com/dotnet/aspnet:10.0", dockerfile.Last(l => l.StartsWith("FROM", StringComparison.Ordinal)));
        Assert.Equal("Mailr.Silo/Dockerfile", _compose.Service(ComposeFile.SiloService)["build"]["dockerfile"].ToString());
    }

    [GeneratedRegex(@"^\s*server\s+(?<host>[\w.-]+):(?<port>\d+)", RegexOptions.Multiline)]
    private static partial Regex UpstreamServer();
}
