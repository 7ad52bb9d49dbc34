using System.Text.RegularExpressions;

namespace Mailr.Api.Webhooks.Schemes;

/// <summary>
/// The only URLs an SNS message may make Mailr fetch: <c>https://sns.&lt;region&gt;.amazonaws.com/…</c> on the default
/// port, without user info (the host rule of aws-sdk-ruby's Aws::SNS::MessageVerifier, narrowed to region names).
/// </summary>
internal static partial class SnsUrls
{
    /// <summary>The URL when it is an SNS one; a signing certificate's must also be a plain <c>.pem</c> path (no query: one cache entry per certificate).</summary>
    public static Uri? Trusted(string? text, bool certificate)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || uri.Scheme != Uri.UriSchemeHttps
            || !uri.IsDefaultPort
            || uri.UserInfo.Length > 0
            || !SnsHost().IsMatch(uri.IdnHost))
        {
            return null;
        }

        return !certificate || (uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.AbsolutePath.EndsWith(".pem", StringComparison.Ordinal)) ? uri : null;
    }

    [GeneratedRegex("^sns\\.[a-z]{2}(-[a-z]+)+-[0-9]+\\.amazonaws\\.com$", RegexOptions.CultureInvariant)]
    private static partial Regex SnsHost();
}
