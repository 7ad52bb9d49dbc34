using Mailr.Grains.Options;

namespace Mailr.Tests.Providers;

/// <summary>
/// What every provider type must do, whatever its transport. Each type registered in
/// <c>ProviderTypes</c> has a derived class (<c>ProviderContractCoverageTests</c> checks that), which
/// builds the provider through the registered type itself, as the registry does.
/// </summary>
public abstract class ProviderContractTests(string providerType) : IDisposable
{
    /// <summary>The type under test, as written in <c>Mailr:Providers:N:Type</c>.</summary>
    public string ProviderType => providerType;

    protected ServiceProvider Services { get; } = ProviderTestData.HttpServices(withProviderTypes: true);

    /// <summary>The provider, configured against this test's stub (a server, a directory).</summary>
    protected abstract ProviderOptions Options();

    /// <summary>Makes the stub accept the next send.</summary>
    protected abstract void RespondAccepted();

    /// <summary>The provider message id the accepted send must report, read after the send (a file's or a MIME message's Message-ID, say).</summary>
    protected abstract Task<string?> AcceptedMessageIdAsync();

    /// <summary>Asserts that what the stub received carries every rich field of <see cref="ProviderTestData.RichEmail"/>.</summary>
    protected abstract Task AssertRichFieldsArrivedAsync();

    protected IEmailProvider Build(ProviderOptions options) => RegisteredType().Create(options, Services);

    [Fact]
    public async Task SendAsync_StubAccepts_SentWithItsMessageId()
    {
        RespondAccepted();

        var result = await SendAsync(ProviderTestData.Email());

        Assert.Equal(OutcomeClass.Sent, result.Outcome);
        Assert.Equal(await AcceptedMessageIdAsync(), result.ProviderMessageId);
        Assert.Null(result.Detail);
        Assert.Empty(result.Rejected);
        Assert.Empty(result.Deferred);
    }

    [Fact]
    public async Task SendAsync_RichEmail_HtmlReplyToHeadersAndAttachmentReachTheProvider()
    {
        RespondAccepted();

        var result = await SendAsync(ProviderTestData.RichEmail());

        Assert.Equal(OutcomeClass.Sent, result.Outcome);
        await AssertRichFieldsArrivedAsync();
    }

    [Fact]
    public void Validate_ContractOptions_NoProblems()
    {
        Assert.Empty(RegisteredType().Validate(Options(), "Mailr:Providers:0"));
    }

    protected async Task<ProviderResult> SendAsync(OutgoingEmail email)
    {
        var provider = Build(Options());
        try
        {
            return await provider.SendAsync(email, CancellationToken.None);
        }
        finally
        {
            if (provider is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
            else if (provider is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }

    private IEmailProviderType RegisteredType() =>
        Assert.Single(Services.GetServices<IEmailProviderType>(), t => string.Equals(t.Type, providerType, StringComparison.OrdinalIgnoreCase));

    public virtual void Dispose()
    {
        Services.Dispose();
        GC.SuppressFinalize(this);
    }
}
