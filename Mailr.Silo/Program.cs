using Mailr.Api;
using Mailr.Api.Auth;
using Mailr.Grains;
using Mailr.Silo;

// `dotnet run --project Mailr.Silo -- new-api-key [name]` prints a new key and its hash, and exits.
if (NewApiKey.TryRun(args, Console.Out))
{
    return;
}

var builder = WebApplication.CreateBuilder(args);

// Orleans: embedded (localhost, in-memory) by default, Redis when ConnectionStrings:Redis is set.
builder.AddMailrSilo();

// Operating it: dashboard, health, OpenTelemetry, graceful shutdown, optional Kubernetes hosting.
builder.AddMailrOperations();

// The domain (options, providers) and the HTTP API co-hosted in the silo.
builder.Services.AddMailrGrains();
builder.Services.AddMailrApi();

var app = builder.Build();

app.MapMailrApi();
app.MapMailrOperations();

app.Run();
