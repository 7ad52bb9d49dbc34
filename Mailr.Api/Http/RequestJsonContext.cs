using System.Text.Json;
using System.Text.Json.Serialization;
using Mailr.Api.Messages;
using Mailr.Api.Status;
using Mailr.Api.Suppressions;

namespace Mailr.Api.Http;

/// <summary>
/// The request bodies, read with System.Text.Json's strict defaults (<see cref="JsonSerializerOptions.Strict"/>): unknown and
/// duplicate members refused, required members enforced, nullable annotations respected, no comments, trailing commas or
/// numbers in strings; names exactly as on the wire. Source-generated, so reading needs no reflection.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Strict, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, MaxDepth = JsonBody.MaxDepth)]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(RecipientLookupRequest))]
[JsonSerializable(typeof(AddSuppressionRequest))]
public sealed partial class RequestJsonContext : JsonSerializerContext;
