using System.Text.Json.Nodes;
using Mailr.Api.Idempotency;
using Mailr.Grains.Suppression;
using Mailr.Tests.Auth;

namespace Mailr.Tests.Contract;

/// <summary>
/// One Mailr host with API keys (so 401 and 403 can happen) and an Idempotency-Key store that answers "pending" for the key
/// <see cref="PendingKey"/> and fails like unreachable storage for <see cref="FailingKey"/> (409 and 503 on demand). The
/// operator key may send to one recipient a day, so a message to two is refused with 429 at once. Beta's suppression
/// list starts with <see cref="ListedEmail"/> and <see cref="RemovableEmail"/>.
/// </summary>
public sealed class ContractFixture : IAsyncLifetime
{
    public const string PendingKey = "contract-pending";
    public const string FailingKey = "contract-failing";
    public const int MaxBodyBytes = 4096;
    public const string ProviderName = "pickup";

    /// <summary>A second provider, never reached (pickup sends everything), whose webhook answers the contract cases.</summary>
    public const string WebhookProvider = "postmark";

    public const string WebhookCredentials = "hook:s3cret";

    /// <summary>On beta's suppression list from the start (GET and PUT answer 200).</summary>
    public const string ListedEmail = "listed@example.com";

    /// <summary>On beta's suppression list from the start, for the one DELETE that answers 204.</summary>
    public const string RemovableEmail = "removable@example.com";

    public MailrApiFactory Factory { get; } = new(
        new Dictionary<string, string?>
        {
            ["Mailr:Limits:MaxBodyBytes"] = MaxBodyBytes.ToString(),
            ["Mailr:Limits:MaxRecipients"] = "3",
            ["Mailr:ApiKeys:0:Name"] = "alpha",
            ["Mailr:ApiKeys:0:Sha256"] = ApiKeyFixture.Sha256(ApiKeyFixture.Alpha),
            ["Mailr:ApiKeys:0:Senders:0"] = "example.com",
            ["Mailr:ApiKeys:1:Name"] = "beta",
            ["Mailr:ApiKeys:1:Sha256"] = ApiKeyFixture.Sha256(ApiKeyFixture.Beta),
            ["Mailr:ApiKeys:2:Name"] = "ops",
            ["Mailr:ApiKeys:2:Sha256"] = ApiKeyFixture.Sha256(ApiKeyFixture.Ops),
            ["Mailr:ApiKeys:2:Operator"] = "true",
            ["Mailr:ApiKeys:2:RecipientsPerDay"] = "1",
            ["Mailr:Providers:0:Name"] = ProviderName,
            ["Mailr:Providers:1:Name"] = WebhookProvider,
            ["Mailr:Providers:1:Type"] = "Postmark",
            ["Mailr:Providers:1:ApiKey"] = "server-token",
            ["Mailr:Providers:1:WebhookSecret"] = WebhookCredentials,
        },
        services => services.AddSingleton<IIdempotencyStore>(new ScriptedIdempotencyStore()));

    public JsonObject Document { get; private set; } = null!;

    public HttpClient Client(string? key) => Factory.Client(key);

    public async Task InitializeAsync()
    {
        var list = Factory.Services.GetRequiredService<ISuppressionList>();
        await list.AddAsync("beta", new SuppressionEntry(ListedEmail, SuppressionReason.Bounced, DateTimeOffset.UtcNow));
        await list.AddAsync("beta", new SuppressionEntry(RemovableEmail, SuppressionReason.Complained, DateTimeOffset.UtcNow));
        var response = await Factory.CreateClient().GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        Document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    private sealed class ScriptedIdempotencyStore : IIdempotencyStore
    {
        private readonly MemoryIdempotencyStore _inner = new();

        public Task<IdempotencyClaim> ClaimAsync(string key, IdempotencyEntry entry, DateTimeOffset now, DateTimeOffset leaseUntil)
        {
            if (key == IdempotencyKey.Scope("beta", FailingKey))
            {
                throw new IOException("storage unreachable (scripted)");
            }

            return key == IdempotencyKey.Scope("beta", PendingKey)
                ? Task.FromResult(new IdempotencyClaim(IdempotencyClaimStatus.Pending, entry.MessageId))
                : _inner.ClaimAsync(key, entry, now, leaseUntil);
        }

        public Task CompleteAsync(string key, IdempotencyEntry entry) => _inner.CompleteAsync(key, entry);

        public Task ReleaseAsync(string key, string messageId) => _inner.ReleaseAsync(key, messageId);
    }
}

[CollectionDefinition(Name)]
public sealed class ContractCollection : ICollectionFixture<ContractFixture>
{
    public const string Name = "contract";
}
