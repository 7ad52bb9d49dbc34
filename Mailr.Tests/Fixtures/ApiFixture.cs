namespace Mailr.Tests.Fixtures;

/// <summary>One Mailr host shared by the API contract tests.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxRecipients = 5;

    public MailrApiFactory Factory { get; } = new(new Dictionary<string, string?>
    {
        ["Mailr:Limits:MaxBodyBytes"] = MaxBodyBytes.ToString(),
        ["Mailr:Limits:MaxRecipients"] = MaxRecipients.ToString(),
    });

    public HttpClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Client = Factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
