using System.Text.Json.Serialization;
using Mailr.Grains.ProviderHealth;
using Mailr.Grains.Providers;

namespace Mailr.Api.Providers;

/// <summary>One provider on <c>GET /providers</c>: its circuit as the whole cluster sees it (operators only; callers never see provider names).</summary>
public sealed record ProviderResponse(
    string Name,
    string Type,
    string State,
    DateTimeOffset Since,
    [property: JsonPropertyName("consecutive_failures")] int ConsecutiveFailures,
    [property: JsonPropertyName("probe_at")] DateTimeOffset? ProbeAt,
    int Priority,
    int Weight)
{
    public static ProviderResponse From(ConfiguredProvider provider, int index, CircuitSnapshot health) => new(
        provider.Name,
        provider.Type,
        ProviderHealthMetrics.Label(health.State),
        health.Since,
        health.ConsecutiveFailures,
        health.State is CircuitState.Open or CircuitState.HalfOpen ? health.ProbeAt : null,
        provider.Priority ?? index,
        provider.Weight);
}
