using Mailr.Grains.Providers;

namespace Mailr.Grains.Options;

/// <summary>Fails start-up with a message naming the configuration key that is wrong.</summary>
internal sealed class MailrOptionsValidator(IEnumerable<IEmailProviderType> types) : IValidateOptions<MailrOptions>
{
    private readonly IReadOnlyList<IEmailProviderType> _types = [.. types];

    public ValidateOptionsResult Validate(string? name, MailrOptions options)
    {
        var errors = new List<string>();
        if (options.Retention <= TimeSpan.Zero)
        {
            errors.Add("Mailr:Retention must be positive.");
        }

        for (var i = 0; i < options.Retry.Delays.Count; i++)
        {
            if (options.Retry.Delays[i] <= TimeSpan.Zero)
            {
                errors.Add($"Mailr:Retry:Delays:{i} must be positive.");
            }
        }

        for (var i = 0; i < options.Providers.Count; i++)
        {
            errors.AddRange(ValidateProvider(options.Providers[i], $"Mailr:Providers:{i}"));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private IEnumerable<string> ValidateProvider(ProviderOptions p, string key)
    {
        var type = _types.FirstOrDefault(t => string.Equals(t.Type, p.Type, StringComparison.OrdinalIgnoreCase));
        if (type is null)
        {
            yield return $"{key}:Type is '{p.Type}'; expected one of {string.Join(", ", _types.Select(t => t.Type))}.";
            yield break;
        }

        if (p.Timeout <= TimeSpan.Zero)
        {
            yield return $"{key}:Timeout must be positive.";
        }

        if (p.BaseUrl is not null && !Uri.TryCreate(p.BaseUrl, UriKind.Absolute, out _))
        {
            yield return $"{key}:BaseUrl '{p.BaseUrl}' is not an absolute URL.";
        }

        foreach (var problem in type.Validate(p, key))
        {
            yield return problem;
        }
    }
}
