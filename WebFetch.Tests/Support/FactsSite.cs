using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Xunit;

namespace WebFetch.Tests.Support;

/// <summary>
/// Servers on 127.0.0.1 for the facts about each response (<c>--fields</c>): two plain HTTP
/// servers with the same pages (two addresses to tell apart), and HTTPS with a self-signed
/// certificate made here (CN and SAN 127.0.0.1 and localhost, 30 days left), once offering
/// HTTP/2 and HTTP/1.1 (ALPN) and once HTTP/1.1 only. Every page names the connection it came
/// on (<c>x-connection</c>) and the port it was served on (<c>x-port</c>).
/// </summary>
public sealed class FactsSite : IAsyncLifetime
{
    /// <summary>The body of <c>/gzip</c>, after decoding.</summary>
    public static readonly byte[] GzipBody = Encoding.UTF8.GetBytes("<title>packed</title>" + new string('z', 2_000));

    /// <summary>Days from now to the certificate's expiry.</summary>
    public const int CertificateDays = 30;

    private readonly List<WebApplication> _apps = [];

    public Uri First { get; private set; } = null!;
    public Uri Second { get; private set; } = null!;
    public Uri Https { get; private set; } = null!;
    public Uri Https11 { get; private set; } = null!;
    public DateTimeOffset CertificateNotAfter { get; private set; }

    public async Task InitializeAsync()
    {
        using X509Certificate2 certificate = Certificate();
        CertificateNotAfter = certificate.NotAfter.ToUniversalTime();
        X509Certificate2 serving = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
        First = await StartAsync(k => k.Listen(IPAddress.Loopback, 0));
        Second = await StartAsync(k => k.Listen(IPAddress.Loopback, 0));
        Https = await StartAsync(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(serving)));
        Https11 = await StartAsync(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            listen.UseHttps(serving);
        }));
    }

    public async Task DisposeAsync()
    {
        foreach (WebApplication app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private async Task<Uri> StartAsync(Action<KestrelServerOptions> listen)
    {
        WebApplication app = await LoopbackServer.StartAsync(listen, MapPages);
        _apps.Add(app);
        return new Uri(app.Urls.First() + "/");
    }

    private static void MapPages(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            context.Response.Headers["X-Connection"] = context.Connection.Id;
            context.Response.Headers["X-Port"] = context.Connection.LocalPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await next(context);
        });
        app.MapGet("/page", (HttpContext context) =>
        {
            context.Response.Headers.Append("X-Many", "one");
            context.Response.Headers.Append("X-Many", "two");
            context.Response.Headers.Append("Set-Cookie", "a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT");
            context.Response.Headers.Append("Set-Cookie", "b=2");
            return Results.Content("<title>facts</title>", "text/html; charset=utf-8");
        });
        app.MapGet("/big-headers", (HttpContext context) =>
        {
            for (int i = 0; i < 10; i++)
            {
                context.Response.Headers[$"X-Big-{i}"] = new string((char)('a' + i), 5_000);
            }
            context.Response.Headers["X-Small"] = "kept";
            return Results.Content("<title>big</title>", "text/html");
        });
        app.MapGet("/gzip", (HttpContext context) =>
        {
            context.Response.Headers.ContentEncoding = "gzip";
            return Results.Bytes(Gzip(GzipBody), "text/html");
        });
        app.MapGet("/redirect", () => Results.Redirect("/moved"));
        app.MapGet("/moved", () => Results.Redirect("/page", permanent: true));
    }

    private static byte[] Gzip(byte[] data)
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }
        return packed.ToArray();
    }

    private static X509Certificate2 Certificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(CertificateDays).AddHours(1));
    }
}
