using Microsoft.AspNetCore.Authorization;

namespace Mailr.Api.Auth;

/// <summary>Met by every caller in open mode; otherwise by any key, or only by an operator key.</summary>
public sealed class MailrAccessRequirement(bool operatorOnly) : IAuthorizationRequirement
{
    public bool OperatorOnly { get; } = operatorOnly;
}

public sealed class MailrAccessHandler(ApiKeyRing ring) : AuthorizationHandler<MailrAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, MailrAccessRequirement requirement)
    {
        var user = context.User;
        if (ring.IsOpen || (user.Identity?.IsAuthenticated == true && (!requirement.OperatorOnly || user.IsInRole(ApiKeyAuthentication.OperatorRole))))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
