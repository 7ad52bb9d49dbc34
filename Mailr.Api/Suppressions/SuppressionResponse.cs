using System.Text.Json;
using System.Text.Json.Serialization;
using Mailr.Grains.Suppression;

namespace Mailr.Api.Suppressions;

/// <summary>One suppressed address: <c>reason</c> is <c>bounced</c>, <c>complained</c> or <c>manual</c>.</summary>
public sealed record SuppressionResponse(string Email, [property: JsonConverter(typeof(SuppressionResponse.ReasonConverter))] SuppressionReason Reason, DateTimeOffset Since)
{
    public static SuppressionResponse From(SuppressionEntry entry) => new(entry.Email, entry.Reason, entry.Since);

    /// <summary>The reason in lower case, also as the schema's <c>enum</c>.</summary>
    public sealed class ReasonConverter() : JsonStringEnumConverter<SuppressionReason>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);
}

/// <summary><c>GET /suppressions</c>: a page of the key's list, oldest first; <c>next</c> is the <c>after</c> of the following page, null at the end.</summary>
public sealed record SuppressionListResponse(IReadOnlyList<SuppressionResponse> Items, string? Next)
{
    public static SuppressionListResponse From(SuppressionPage page) => new([.. page.Items.Select(SuppressionResponse.From)], page.Next);
}
