using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using StackExchange.Redis;

// POST /messages: read the JSON body, make a random 128-bit id, make ONE Redis write (a Lua script:
// HSET of the body plus an absolute PEXPIREAT, one round trip), answer 202 with Location and
// {"id","message"}. Configuration: Ceiling__Redis (connection string), Ceiling__Prefix (key prefix),
// --urls. This is what Mailr's accept path costs without Orleans.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

var redis = await ConnectionMultiplexer.ConnectAsync(builder.Configuration["Ceiling:Redis"] ?? "127.0.0.1:6379");
var prefix = builder.Configuration["Ceiling:Prefix"] ?? "ceiling";
var retention = TimeSpan.FromHours(24);
builder.Services.AddSingleton<IConnectionMultiplexer>(redis);

var app = builder.Build();

const string Write = "redis.call('HSET', KEYS[1], 's', ARGV[1], 'v', '1') return redis.call('PEXPIREAT', KEYS[1], ARGV[2])";
var db = redis.GetDatabase();

app.MapPost("/messages", async (HttpRequest request) =>
{
    JsonElement body;
    try
    {
        body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
    }
    catch (JsonException)
    {
        return Results.BadRequest(new Answer("", "The body is not valid JSON"));
    }

    Span<byte> raw = stackalloc byte[16];
    RandomNumberGenerator.Fill(raw);
    var id = Base64Url.EncodeToString(raw);
    var partition = raw[0] & 31;
    var expiresAt = DateTimeOffset.UtcNow.Add(retention).ToUnixTimeMilliseconds();
    await db.ScriptEvaluateAsync(Write, [(RedisKey)$"{prefix}:{{{partition}}}:m:{id}"], [body.GetRawText(), expiresAt]);
    return Results.Accepted($"/messages/{id}", new Answer(id, "Your request has been accepted"));
});

app.Run();

internal sealed record Answer(string Id, string Message);
