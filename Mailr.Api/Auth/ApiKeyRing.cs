using System.Security.Cryptography;
using System.Text;

namespace Mailr.Api.Auth;

/// <summary>
/// The configured keys, known only by their SHA-256. A presented key is hashed and compared with every
/// configured digest in constant time, without stopping at a match, so timing tells nothing about which
/// key (if any) matched.
/// </summary>
public sealed class ApiKeyRing
{
    private readonly (byte[] Digest, ApiKeyOptions Key)[] _keys;
    private readonly Dictionary<string, IReadOnlySet<string>> _senders;

    public ApiKeyRing(IOptions<MailrApiOptions> options)
    {
        _keys = [.. options.Value.ApiKeys.Select(k => (Convert.FromHexString(k.Sha256), k))];
        _senders = options.Value.ApiKeys.ToDictionary(k => k.Name, k => (IReadOnlySet<string>)k.Senders
            .Select(s => SenderAllowList.TryNormalise(s, out var n) ? n : "")
            .Where(n => n.Length > 0)
            .ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>No keys configured: everyone may call everything.</summary>
    public bool IsOpen => _keys.Length == 0;

    /// <summary>The configured key whose SHA-256 matches <paramref name="key"/> (UTF-8), or null.</summary>
    public ApiKeyOptions? Find(string key)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), digest);
        ApiKeyOptions? found = null;
        foreach (var (configured, options) in _keys)
        {
            var match = CryptographicOperations.FixedTimeEquals(digest, configured);
            found = match ? options : found;
        }

        return found;
    }

    /// <summary>Whether a key named <paramref name="name"/> is configured.</summary>
    public bool Has(string name) => _senders.ContainsKey(name);

    /// <summary>The normalised senders of the key named <paramref name="name"/> (empty: any), or null for no such key.</summary>
    public IReadOnlySet<string>? SendersOf(string name) => _senders.GetValueOrDefault(name);
}
