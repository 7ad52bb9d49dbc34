using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mailr.Silo.Health;

/// <summary>
/// <c>{"status":"Healthy","checks":{"storage":{"status":"Healthy","description":"…"}}}</c>. Exception
/// details stay in the logs: a health answer is public and must not reveal connection settings.
/// </summary>
public static class HealthJson
{
    public static Task WriteAsync(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
}
