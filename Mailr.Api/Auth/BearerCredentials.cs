namespace Mailr.Api.Auth;

/// <summary>
/// Reads <c>Bearer &lt;key&gt;</c> (RFC 6750 §2.1): the scheme in any letter case, then one or more spaces or tabs,
/// then the key as visible ASCII. Whitespace around the whole value is dropped, as HTTP drops it; the key itself
/// is taken exactly, letter case included.
/// </summary>
public static class BearerCredentials
{
    private const string Scheme = "Bearer";

    public static bool TryRead(string? value, out string key)
    {
        key = "";
        if (value is null || value.Length > ApiKeyAuthentication.MaxCredentialsLength)
        {
            return false;
        }

        var text = value.AsSpan().Trim(" \t");
        if (text.Length <= Scheme.Length || !text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || !IsSpace(text[Scheme.Length]))
        {
            return false;
        }

        var token = text[Scheme.Length..].TrimStart(" \t");
        foreach (var c in token)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        key = token.ToString();
        return key.Length > 0;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t';
}
