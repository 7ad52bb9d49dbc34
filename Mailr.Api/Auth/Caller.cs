namespace Mailr.Api.Auth;

/// <summary>Who is calling, as the grains see it.</summary>
public static class Caller
{
    /// <summary>The owner of what this caller sends and may look up: its key's name, or "" in open mode.</summary>
    public static string Owner(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : "";
}
