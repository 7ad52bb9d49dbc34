namespace Mailr.Api.Auth;

/// <summary>The names Mailr's API-key authentication and its policies are known by.</summary>
public static class ApiKeyAuthentication
{
    /// <summary>The authentication scheme: <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public const string Scheme = "ApiKey";

    /// <summary>The role of keys with <c>Operator: true</c>.</summary>
    public const string OperatorRole = "mailr-operator";

    /// <summary>The policy on every public API endpoint: any configured key (everyone in open mode).</summary>
    public const string ApiPolicy = "mailr-api";

    /// <summary>The policy on the operator endpoints: a key with <c>Operator: true</c> (everyone in open mode).</summary>
    public const string OperatorPolicy = "mailr-operator";

    /// <summary>The longest <c>Authorization</c> value looked at; longer ones are refused unread (keys are ~48 characters).</summary>
    public const int MaxCredentialsLength = 512;
}
