using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Mailr.Grains.ProviderHealth;

namespace Mailr.Tests.ProviderHealth;

/// <summary>Listens to one view's provider metrics: skipped calls as they happen, states when asked.</summary>
public sealed class ProviderMetricsListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _skipped = new();
    private readonly ConcurrentDictionary<(string Provider, string State), int> _states = new();
    private readonly ConcurrentDictionary<(string Provider, long Count), TaskCompletionSource> _waits = new();

    public ProviderMetricsListener(ProviderHealthMetrics metrics)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // The meter is Mailr's one meter of that silo: its delivery instruments are not listened to.
            if (ReferenceEquals(instrument.Meter, metrics.Meter) && instrument.Name is "mailr.provider.skipped" or "mailr.provider.state")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var provider = Tag(tags, "provider");
            var count = _skipped.AddOrUpdate(provider, value, (_, n) => n + value);
            foreach (var wait in _waits.Where(w => w.Key.Provider == provider && count >= w.Key.Count))
            {
                wait.Value.TrySetResult();
            }
        });
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => _states[(Tag(tags, "provider"), Tag(tags, "state"))] = value);
        _listener.Start();
    }

    public long Skipped(string provider) => _skipped.GetValueOrDefault(provider);

    /// <summary>Completes once <paramref name="count"/> calls to <paramref name="provider"/> were skipped since this listener started.</summary>
    public Task SkippedAtLeastAsync(string provider, long count)
    {
        var wait = _waits.GetOrAdd((provider, count), _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        if (Skipped(provider) >= count)
        {
            wait.TrySetResult();
        }

        return wait.Task;
    }

    /// <summary>The <c>mailr.provider.state</c> gauge now: provider → the state whose value is 1.</summary>
    public IReadOnlyDictionary<string, string> States()
    {
        _states.Clear();
        _listener.RecordObservableInstruments();
        return _states.Where(s => s.Value == 1).ToDictionary(s => s.Key.Provider, s => s.Key.State);
    }

    private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value as string ?? "";
            }
        }

        return "";
    }

    public void Dispose() => _listener.Dispose();
}
