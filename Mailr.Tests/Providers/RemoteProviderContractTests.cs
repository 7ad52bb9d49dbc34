using System.Net;
using System.Net.Sockets;
using Mailr.Grains.Options;

namespace Mailr.Tests.Providers;

/// <summary>
/// What every provider that calls a server must do on top of <see cref="ProviderContractTests"/>:
/// the transport failures (through <see cref="ProviderCall"/>), a refused login, a server error, and
/// never a secret in an outcome's detail.
/// </summary>
public abstract class RemoteProviderContractTests(string providerType) : ProviderContractTests(providerType)
{
    /// <summary>The secret the options carry (an API key, a password); it must never reach a detail.</summary>
    protected abstract string Secret { get; }

    /// <summary>The detail of a refused connection, as <see cref="ProviderCall"/> words it for this transport.</summary>
    protected abstract string RefusedConnectionDetail { get; }

    /// <summary>The options, pointed at <paramref name="host"/> (<c>127.0.0.1:port</c>), or at the stub when it is null.</summary>
    protected abstract ProviderOptions OptionsAt(string? host);

    /// <summary>Makes the stub refuse the credentials (401/403 over HTTP, 535 over SMTP), saying <paramref name="message"/>.</summary>
    protected abstract void RespondAuthRefused(string message);

    /// <summary>Makes the stub fail for a reason of its own (5xx over HTTP, 4xx over SMTP), saying <paramref name="message"/>.</summary>
    protected abstract void RespondServerError(string message);

    [Fact]
    public async Task InvokeAsync_NoAnswerWithinTimeout_Ambiguous()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var provider = Build(OptionsAt($"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}"));

        var result = await ProviderCall.InvokeAsync(new ConfiguredProvider(provider, TimeSpan.FromMilliseconds(300)), ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(ProviderResult.Ambiguous("no answer within 0.3 s"), result with { Rejected = [] });
    }

    [Fact]
    public async Task InvokeAsync_ClosedPort_Retryable()
    {
        var provider = Build(OptionsAt($"127.0.0.1:{ProviderTestData.ClosedPort()}"));

        var result = await ProviderCall.InvokeAsync(new ConfiguredProvider(provider, TimeSpan.FromSeconds(10)), ProviderTestData.Email(), CancellationToken.None);

        Assert.Equal(ProviderResult.Retryable(RefusedConnectionDetail), result with { Rejected = [] });
    }

    [Fact]
    public async Task SendAsync_AuthRefused_Disabled()
    {
        RespondAuthRefused("bad credentials");

        var result = await SendAsync(ProviderTestData.Email());

        Assert.Equal(OutcomeClass.Disabled, result.Outcome);
        Assert.Null(result.ProviderMessageId);
    }

    [Fact]
    public async Task SendAsync_ServerError_Retryable()
    {
        RespondServerError("try again later");

        var result = await SendAsync(ProviderTestData.Email());

        Assert.Equal(OutcomeClass.Retryable, result.Outcome);
        Assert.Null(result.ProviderMessageId);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SendAsync_ErrorEchoesTheSecret_DetailRedactsIt(bool authRefused)
    {
        var echo = $"bad credentials {Secret}";
        if (authRefused)
        {
            RespondAuthRefused(echo);
        }
        else
        {
            RespondServerError(echo);
        }

        var result = await SendAsync(ProviderTestData.Email());

        Assert.NotEqual(OutcomeClass.Sent, result.Outcome);
        Assert.DoesNotContain(Secret, result.Detail, StringComparison.Ordinal);
        Assert.Contains("bad credentials [redacted]", result.Detail, StringComparison.Ordinal);
    }
}
