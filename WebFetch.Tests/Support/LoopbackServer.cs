using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace WebFetch.Tests.Support;

/// <summary>Starts a quiet Kestrel app with the given listeners (on 127.0.0.1 in every caller) and endpoints.</summary>
internal static class LoopbackServer
{
    public static async Task<WebApplication> StartAsync(Action<KestrelServerOptions> listen, Action<WebApplication> map)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(listen);
        WebApplication app = builder.Build();
        try
        {
            map(app);
            await app.StartAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }
}
