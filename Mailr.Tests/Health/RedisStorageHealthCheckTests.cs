using Mailr.Silo.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mailr.Tests.Health;

public sealed class RedisStorageHealthCheckTests
{
    [Fact]
    public async Task CheckHealthAsync_ClosedPort_UnhealthyWithoutLeakingTheEndpoint()
    {
        await using var check = new RedisStorageHealthCheck($"127.0.0.1:{FreePort.Next()},connectTimeout=500");

        var result = await check.CheckHealthAsync(Context(check));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("Redis (the message store) did not answer PING", result.Description);
    }

    internal static HealthCheckContext Context(IHealthCheck check) => new()
    {
        Registration = new HealthCheckRegistration(HealthExtensions.StorageCheck, check, HealthStatus.Unhealthy, [HealthExtensions.ReadyTag]),
    };
}
