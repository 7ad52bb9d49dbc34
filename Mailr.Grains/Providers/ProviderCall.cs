using System.Net.Sockets;

namespace Mailr.Grains.Providers;

/// <summary>
/// Calls a provider under its own timeout and maps every transport failure to an outcome class, in
/// one table: a failure to connect means nothing was sent (retryable); anything after the request
/// may have gone out (a timeout, a reset, an unknown error) is ambiguous.
/// </summary>
internal static class ProviderCall
{
    public static async Task<ProviderResult> InvokeAsync(ConfiguredProvider provider, OutgoingEmail email, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(provider.Timeout);
        try
        {
            // WaitAsync enforces the timeout even on a provider that ignores its token.
            return await provider.Provider.SendAsync(email, timeout.Token).WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProviderResult.Ambiguous($"no answer within {provider.Timeout.TotalSeconds:0.###} s");
        }
        catch (OperationCanceledException)
        {
            return ProviderResult.Ambiguous("the call was abandoned because the silo is stopping");
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            return ProviderResult.Retryable($"could not connect: {e.HttpRequestError}");
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable)
        {
            return ProviderResult.Retryable($"could not connect: {e.SocketErrorCode}");
        }
        catch (HttpRequestException e)
        {
            return ProviderResult.Ambiguous($"the connection failed after the request was sent: {e.HttpRequestError}");
        }
        catch (Exception e)
        {
            return ProviderResult.Ambiguous($"unexpected {e.GetType().Name}");
        }
    }
}
