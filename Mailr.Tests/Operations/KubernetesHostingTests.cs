using Mailr.Silo;
using Microsoft.AspNetCore.Builder;
using Orleans.Hosting.Kubernetes;

namespace Mailr.Tests.Operations;

public sealed class KubernetesHostingTests
{
    [Fact]
    public void AddMailrOperations_OrleansKubernetesTrue_RegistersKubernetesHosting()
    {
        Assert.True(RegistersKubernetesHosting("true"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    public void AddMailrOperations_OrleansKubernetesUnsetOrFalse_LeavesItOut(string? setting)
    {
        Assert.False(RegistersKubernetesHosting(setting));
    }

    private static bool RegistersKubernetesHosting(string? setting)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Orleans:Kubernetes"] = setting;

        builder.AddMailrOperations();

        return builder.Services.Any(d => d.ServiceType == typeof(ILifecycleParticipant<ISiloLifecycle>) && d.ImplementationType == typeof(KubernetesClusterAgent));
    }
}
