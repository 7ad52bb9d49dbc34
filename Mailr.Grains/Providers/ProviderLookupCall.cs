namespace Mailr.Grains.Providers;

/// <summary>
/// Asks a provider whether it took an attempt, under the provider's own timeout, and maps every
/// failure to <see cref="LookupOutcome.Unknown"/> in one place, as <see cref="ProviderCall"/> does for
/// sends: the look-ups answer only from what the provider said and let transport failures propagate.
/// A cancelled <paramref name="cancellationToken"/> (the silo stopping) propagates.
/// </summary>
internal static class ProviderLookupCall
{
    public static async Task<LookupResult> InvokeAsync(
        IProviderLookup lookup, TimeSpan timeout, OutgoingEmail email, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            return await lookup.LookUpAsync(email, sentAt, timeoutSource.Token).WaitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return LookupResult.Unknown($"no answer to the look-up within {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return LookupResult.Unknown($"the look-up failed: {e.HttpRequestError}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return LookupResult.Unknown($"the look-up failed: unexpected {e.GetType().Name}");
        }
    }
}
