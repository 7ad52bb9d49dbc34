using Mailr.Grains.Storage;

namespace Mailr.Api.Http;

/// <summary>
/// The exceptions that mean storage or the cluster could not do its part (answered 503 with Retry-After: the
/// caller may safely try again), as opposed to bugs (a logged 500: retrying a defect helps nobody). Hosts add
/// their storage client's exception types (Redis mode adds StackExchange.Redis's).
/// </summary>
public sealed class InfrastructureFailures(IEnumerable<InfrastructureFailureType> extra)
{
    private static readonly Type[] s_builtIn =
    [
        typeof(IOException),
        typeof(TimeoutException),
        typeof(MessageConflictException),
        typeof(SiloUnavailableException),
        typeof(OrleansMessageRejectionException),
        typeof(GatewayTooBusyException),
        typeof(LimitExceededException),
    ];

    private readonly Type[] _types = [.. s_builtIn, .. extra.Select(e => e.Type)];

    /// <summary>Whether <paramref name="exception"/> (or one it wraps) is an infrastructure failure.</summary>
    public bool Matches(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AggregateException { InnerExceptions.Count: 1 } aggregate)
            {
                e = aggregate.InnerExceptions[0];
            }

            var type = e.GetType();
            if (Array.Exists(_types, t => t.IsAssignableFrom(type)))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>One more exception type that <see cref="InfrastructureFailures"/> counts as infrastructure.</summary>
public sealed record InfrastructureFailureType(Type Type);
