using System.Net;
using Mailr.Silo.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mailr.Tests.Health;

[Collection(ApiCollection.Name)]
public sealed class HealthEndpointsTests(ApiFixture fixture)
{
    [Fact]
    public async Task Live_RunningHost_Returns200Healthy()
    {
        var response = await fixture.Client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"Healthy","checks":{}}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_RunningHost_Returns200WithStorageAndSiloHealthy()
    {
        var response = await fixture.Client.GetAsync("/health/ready");
        var body = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal("in-memory message store (embedded mode)", body.GetProperty("checks").GetProperty("storage").GetProperty("description").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("silo").GetProperty("status").GetString());
        Assert.EndsWith(" is Active", body.GetProperty("checks").GetProperty("silo").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_StorageUnreachable_Returns503NamingStorage()
    {
        await using var factory = new MailrApiFactory(services: s => s.Configure<HealthCheckServiceOptions>(o =>
        {
            var storage = o.Registrations.Single(r => r.Name == HealthExtensions.StorageCheck);
            storage.Factory = _ => new UnreachableStorage();
        }));
        var client = factory.CreateClient();

        var ready = await client.GetAsync("/health/ready");
        var live = await client.GetAsync("/health/live");
        var body = await Json.ReadAsync(ready);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("silo").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    private sealed class UnreachableStorage : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(HealthCheckResult.Unhealthy("storage unreachable"));
    }
}
