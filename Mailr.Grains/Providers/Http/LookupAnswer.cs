using System.Diagnostics.CodeAnalysis;
using Refit;

namespace Mailr.Grains.Providers.Http;

/// <summary>Reads a look-up's answer: its body when it is a 2xx that could be read, otherwise the unknown result that says why.</summary>
internal static class LookupAnswer
{
    /// <param name="errorMessage">The provider's message in an error body, when there is one.</param>
    public static bool TryRead<T>(
        IApiResponse<T> response,
        Func<IApiResponse, string?> errorMessage,
        [NotNullWhen(true)] out T? content,
        [NotNullWhen(false)] out LookupResult? unknown)
        where T : class
    {
        content = null;
        unknown = null;
        if (response.StatusCode is not { } code)
        {
            unknown = LookupResult.Unknown("no HTTP status in the answer");
            return false;
        }

        var status = (int)code;
        if (!response.IsSuccessStatusCode)
        {
            unknown = LookupResult.Unknown(errorMessage(response) is { Length: > 0 } message ? $"HTTP {status}: {ProviderHttp.Truncate(message)}" : $"HTTP {status}");
            return false;
        }

        if (response.Error is not null || response.Content is not { } body)
        {
            unknown = LookupResult.Unknown($"HTTP {status} with an answer that could not be read");
            return false;
        }

        content = body;
        return true;
    }
}
