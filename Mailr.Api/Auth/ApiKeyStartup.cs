using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Mailr.Api.Auth;

/// <summary>Registers API-key authentication and the two policies; warns at every start when no key is configured.</summary>
public static partial class ApiKeyStartup
{
    public static IServiceCollection AddMailrApiKeys(this IServiceCollection services)
    {
        services.TryAddSingleton<ApiKeyRing>();
        services.AddAuthentication(ApiKeyAuthentication.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyAuthentication.Scheme, null);
        services.AddSingleton<IAuthorizationHandler, MailrAccessHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyAuthentication.ApiPolicy, p => p.AddRequirements(new MailrAccessRequirement(operatorOnly: false)))
            .AddPolicy(ApiKeyAuthentication.OperatorPolicy, p => p.AddRequirements(new MailrAccessRequirement(operatorOnly: true)));
        return services;
    }

    /// <summary>Operator endpoints (<c>/providers</c>, <c>/dashboard</c>): only keys with <c>Operator: true</c>, or everyone in open mode.</summary>
    public static TBuilder RequireOperator<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(ApiKeyAuthentication.OperatorPolicy);

    public static void WarnWhenOpen(WebApplication app)
    {
        if (app.Services.GetRequiredService<ApiKeyRing>().IsOpen)
        {
            LogOpen(app.Logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API keys are configured (Mailr:ApiKeys): anyone who can reach this API can send mail through it. Configure keys before exposing it on a network.")]
    private static partial void LogOpen(ILogger logger);
}
