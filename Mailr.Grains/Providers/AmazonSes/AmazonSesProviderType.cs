using Mailr.Grains.Options;
using Microsoft.Extensions.DependencyInjection;

namespace Mailr.Grains.Providers.AmazonSes;

/// <summary>The <c>AmazonSes</c> type (SES v2 API): needs <c>Region</c>, <c>AccessKeyId</c> and <c>SecretAccessKey</c>.</summary>
internal sealed class AmazonSesProviderType : IEmailProviderType
{
    public string Type => "AmazonSes";

    public IEnumerable<string> Validate(ProviderOptions options, string key)
    {
        if (string.IsNullOrWhiteSpace(options.Region) || !options.Region.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            yield return $"{key}:Region is required for AmazonSes (e.g. eu-west-1).";
        }

        if (string.IsNullOrWhiteSpace(options.AccessKeyId))
        {
            yield return $"{key}:AccessKeyId is required for AmazonSes.";
        }

        if (string.IsNullOrWhiteSpace(options.SecretAccessKey))
        {
            yield return $"{key}:SecretAccessKey is required for AmazonSes.";
        }
    }

    public IEmailProvider Create(ProviderOptions options, IServiceProvider services) => new AmazonSesProvider(
        options,
        services.GetRequiredService<IHttpMessageHandlerFactory>(),
        services.GetKeyedService<TimeProvider>(GrainNames.Clock) ?? TimeProvider.System);
}
