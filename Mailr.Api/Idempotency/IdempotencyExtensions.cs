using Mailr.Api.Messages;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mailr.Api.Idempotency;

public static class IdempotencyExtensions
{
    /// <summary>The accept path with Idempotency-Keys; keys stay in memory unless Redis mode registered its store first.</summary>
    public static IServiceCollection AddMailrIdempotency(this IServiceCollection services)
    {
        services.TryAddSingleton<IIdempotencyStore, MemoryIdempotencyStore>();
        services.AddSingleton<MessageAcceptance>();
        return services;
    }
}
