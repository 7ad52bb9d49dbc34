using Mailr.Grains.Options;
using Mailr.Grains.Providers.Mailgun;

namespace Mailr.Tests.Providers;

public sealed class ProviderLookupCallTests
{
    private static readonly DateTimeOffset s_sentAt = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_long = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task InvokeAsync_Answer_IsTheLookupsOwn()
    {
        var result = await InvokeAsync(_ => Task.FromResult(LookupResult.Found("p-1")), s_long);

        Assert.Equal(LookupResult.Found("p-1"), result);
    }

    [Fact]
    public async Task InvokeAsync_NoAnswerWithinTheTimeout_Unknown()
    {
        var result = await InvokeAsync(async token =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return LookupResult.NotFound();
        }, TimeSpan.FromMilliseconds(50));

        Assert.Equal(LookupResult.Unknown("no answer to the look-up within 0.05 s"), result);
    }

    [Fact]
    public async Task InvokeAsync_LookupIgnoringItsToken_StillUnknownAtTheTimeout()
    {
        var never = new TaskCompletionSource<LookupResult>();

        var result = await InvokeAsync(_ => never.Task, TimeSpan.FromMilliseconds(50));

        Assert.Equal(LookupOutcome.Unknown, result.Outcome);
    }

    [Theory]
    [InlineData(typeof(HttpRequestException), "the look-up failed: Unknown")]
    [InlineData(typeof(InvalidOperationException), "the look-up failed: unexpected InvalidOperationException")]
    public async Task InvokeAsync_Exception_Unknown(Type exception, string detail)
    {
        var result = await InvokeAsync(_ => throw (Exception)Activator.CreateInstance(exception)!, s_long);

        Assert.Equal(LookupResult.Unknown(detail), result);
    }

    [Fact]
    public async Task InvokeAsync_CallerCancels_Propagates()
    {
        using var stopping = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        var call = ProviderLookupCall.InvokeAsync(new FuncLookup(async token =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, token);
            return LookupResult.NotFound();
        }), s_long, ProviderTestData.Email(), s_sentAt, stopping.Token);

        await started.Task.Within("look-up started");
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task InvokeAsync_ProviderUnreachable_UnknownFromItsTransportFailure()
    {
        using var services = ProviderTestData.HttpServices();
        var provider = new MailgunProvider(
            new ProviderOptions { Type = "Mailgun", BaseUrl = $"http://127.0.0.1:{ProviderTestData.ClosedPort()}", ApiKey = ProviderTestData.ApiKey, Domain = "mg.example.com" },
            services.HttpClientFactory());

        await Assert.ThrowsAsync<HttpRequestException>(() => provider.LookUpAsync(ProviderTestData.Email(), s_sentAt, CancellationToken.None));
        var result = await ProviderLookupCall.InvokeAsync(provider, s_long, ProviderTestData.Email(), s_sentAt, CancellationToken.None);

        Assert.Equal(LookupResult.Unknown("the look-up failed: ConnectionError"), result);
    }

    private static Task<LookupResult> InvokeAsync(Func<CancellationToken, Task<LookupResult>> lookUp, TimeSpan timeout) =>
        ProviderLookupCall.InvokeAsync(new FuncLookup(lookUp), timeout, ProviderTestData.Email(), s_sentAt, CancellationToken.None);

    private sealed class FuncLookup(Func<CancellationToken, Task<LookupResult>> lookUp) : IProviderLookup
    {
        public Task<LookupResult> LookUpAsync(OutgoingEmail email, DateTimeOffset sentAt, CancellationToken cancellationToken) => lookUp(cancellationToken);
    }
}
