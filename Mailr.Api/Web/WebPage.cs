using Microsoft.Extensions.FileProviders;

namespace Mailr.Api.Web;

/// <summary>
/// Serves the web page at <c>/</c> from files embedded in this assembly, so it works the same under
/// <c>dotnet run</c>, a published build and the test host, with nothing loaded from elsewhere.
/// </summary>
public static class WebPage
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication UseMailrWebPage(this WebApplication app)
    {
        var files = new EmbeddedFileProvider(typeof(WebPage).Assembly, "Mailr.Api.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.CacheControl = "no-cache";
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
            },
        });
        return app;
    }
}
