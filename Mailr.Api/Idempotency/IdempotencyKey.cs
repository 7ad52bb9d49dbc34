using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mailr.Api.Idempotency;

/// <summary>
/// The <c>Idempotency-Key</c> header: 1–255 printable ASCII characters (0x21–0x7E). Spaces are refused: HTTP drops them at the
/// ends of a header value, so only a key without any stays the same byte for byte on every hop. A draft-style quoted value
/// (<c>"abc"</c>) is taken as it is, quotes included.
/// </summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 255;

    /// <summary>What <see cref="Read"/> accepts, as a regular expression for the OpenAPI document.</summary>
    public const string Pattern = "^[!-~]+$";

    /// <summary>The key of the request, null when it has none, or the 400 that says what is wrong with it.</summary>
    public static (string? Key, JsonHttpResult<ErrorResponse>? Error) Read(IHeaderDictionary headers)
    {
        var values = headers[Header];
        if (values.Count == 0)
        {
            return (null, null);
        }

        if (values.Count > 1)
        {
            return (null, Errors.BadRequest($"Send one {Header} header, not {values.Count}."));
        }

        var key = values[0] ?? "";
        if (key.Length is 0 or > MaxLength || !key.All(c => c is >= '!' and <= '~'))
        {
            return (null, Errors.BadRequest($"The {Header} header must be 1 to {MaxLength} printable ASCII characters, without spaces."));
        }

        return (key, null);
    }

    /// <summary>Where a key is stored: scoped to its owner (the API key's name), hashed so the stored name has a fixed shape.</summary>
    public static string Scope(string owner, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{owner.Length}:{owner}:{key}")));
}
