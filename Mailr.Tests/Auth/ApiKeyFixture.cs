using System.Security.Cryptography;
using System.Text;

namespace Mailr.Tests.Auth;

/// <summary>One Mailr host with three keys: a sender limited to example.com, an unrestricted sender, and an operator.</summary>
public sealed class ApiKeyFixture : IAsyncLifetime
{
    public const string Alpha = "mk_alpha_0123456789abcdefghijklmnopqrstuv";
    public const string Beta = "mk_beta_ZYXWVUTSRQPONMLKJIHGFEDCBA9876543";
    public const string Ops = "mk_ops_5f2b9c7e1d3a4b6c8e0f1a2b3c4d5e6f70";

    public MailrApiFactory Factory { get; } = new(new Dictionary<string, string?>
    {
        ["Mailr:ApiKeys:0:Name"] = "alpha",
        ["Mailr:ApiKeys:0:Sha256"] = Sha256(Alpha),
        ["Mailr:ApiKeys:0:Senders:0"] = "example.com",
        ["Mailr:ApiKeys:0:Senders:1"] = "Billing@Other.example",
        ["Mailr:ApiKeys:1:Name"] = "beta",
        ["Mailr:ApiKeys:1:Sha256"] = Sha256(Beta),
        ["Mailr:ApiKeys:2:Name"] = "ops",
        ["Mailr:ApiKeys:2:Sha256"] = Sha256(Ops),
        ["Mailr:ApiKeys:2:Operator"] = "true",
    });

    public static string Sha256(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public HttpClient Client(string? key) => Factory.Client(key);

    public Task InitializeAsync()
    {
        _ = Factory.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ApiKeyCollection : ICollectionFixture<ApiKeyFixture>
{
    public const string Name = "api-keys";
}
