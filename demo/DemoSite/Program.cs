// A tiny web site for the webfetch demo, served by Kestrel on 127.0.0.1 only.
//
//   dotnet DemoSite.dll PORT [SITE_DIR]
//
// PORT 0 lets the kernel pick a free port. Once Kestrel listens, one line goes to stdout:
// "listening on http://127.0.0.1:PORT" (with the real port). Ctrl-C or SIGTERM stops it.
//
// Besides the static pages in SITE_DIR (default: the site/ folder next to the program):
//   /old-home     301 to /
//   /missing      404 with an HTML body (so is every unknown path)
//   /report.pdf   a small PDF (not HTML: no title to extract)
//   /slow         an HTML page that answers after 1.5 s
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.FileProviders;

if (args.Length < 1 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
{
    Console.Error.WriteLine("usage: DemoSite PORT [SITE_DIR]   (PORT 0 picks a free port)");
    return 2;
}
string siteDirectory = Path.GetFullPath(args.Length > 1 ? args[1] : Path.Combine(AppContext.BaseDirectory, "site"));
if (!File.Exists(Path.Combine(siteDirectory, "index.html")))
{
    Console.Error.WriteLine($"DemoSite: no index.html in {siteDirectory}");
    return 2;
}

WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
{
    Args = [],
    ContentRootPath = siteDirectory,
});
builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
// stdout carries the one "listening on" line; logs go to stderr
builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

WebApplication app = builder.Build();
var files = new PhysicalFileProvider(siteDirectory);

// Static files first, then routing: otherwise the fallback endpoint would win every path.
app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
app.UseRouting();

app.MapGet("/old-home", () => Results.Redirect("/", permanent: true));
app.MapGet("/missing", () => NotFoundPage());
app.MapGet("/slow", async (CancellationToken cancellationToken) =>
{
    await Task.Delay(TimeSpan.FromSeconds(1.5), cancellationToken).ConfigureAwait(false);
    return Results.Content(
        Page("Slow report", "A page that takes one and a half seconds to answer.", "<p>Generated slowly, on purpose.</p>"),
        "text/html", Encoding.UTF8);
});
app.MapGet("/report.pdf", () => Results.Bytes(MinimalPdf(), "application/pdf"));

app.MapFallback(() => NotFoundPage());

await app.StartAsync().ConfigureAwait(false);
string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
    ?? $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
Console.WriteLine($"listening on {address}");
Console.Out.Flush();
await app.WaitForShutdownAsync().ConfigureAwait(false);
return 0;

static IResult NotFoundPage() => Results.Content(
    Page("Page not found", "The page you asked for does not exist.", "<p>Try the <a href=\"/\">home page</a>.</p>"),
    "text/html", Encoding.UTF8, StatusCodes.Status404NotFound);

static string Page(string title, string description, string body) => $"""
    <!DOCTYPE html>
    <html lang="en">
    <head>
      <meta charset="utf-8">
      <title>{title} · Larkspur</title>
      <meta name="description" content="{description}">
    </head>
    <body>
      <h1>{title}</h1>
      {body}
    </body>
    </html>
    """;

static byte[] MinimalPdf() => Encoding.ASCII.GetBytes("""
    %PDF-1.4
    1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
    2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
    3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj
    trailer << /Root 1 0 R >>
    %%EOF

    """);
