using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>Through the real CLI and a real server on 127.0.0.1: undeclared, late-declared and EUC-JP pages get the right title and charset.</summary>
public sealed class CharsetCliTests : IDisposable
{
    private readonly CliRunner _cli = new();

    static CharsetCliTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public void Dispose() => _cli.Dispose();

    [Fact(Timeout = 60_000)]
    public async Task UndeclaredLateDeclaredAndEucJpPagesAreReadAsABrowserReadsThem()
    {
        var pages = new Dictionary<string, (byte[] Body, string ContentType)>
        {
            ["latin1"] = (Encoding.Latin1.GetBytes("<html><head><title>Crème brûlée à la française</title></head></html>"), "text/html"),
            ["utf8"] = (Encoding.UTF8.GetBytes("<html><head><title>Crème brûlée 日本語</title></head></html>"), "text/html"),
            ["late"] = (Encoding.GetEncoding("windows-1251").GetBytes(
                "<!-- " + new string('x', 2000) + " --><meta charset=windows-1251><title>Главная страница</title>"), "text/html"),
            ["sjis"] = (Encoding.GetEncoding("shift_jis").GetBytes("<title>日本語のページへようこそ</title><p>こんにちは世界</p>"), "text/html"),
            ["eucjp"] = ([.. "<title>"u8, 0xC6, 0xFC, 0x80, 0xCB, 0xDC, .. "</title>"u8], "text/html; charset=EUC-JP"),
        };
        await using WebApplication site = await LoopbackServer.StartAsync(k => k.Listen(IPAddress.Loopback, 0), app =>
            app.MapGet("/{name}", (string name) => Results.Bytes(pages[name].Body, pages[name].ContentType)));
        string Url(string name) => $"{site.Urls.First()}/{name}";

        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput([.. pages.Keys.Select(Url)]), "-w", "1", "-q"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(("Crème brûlée à la française", "windows-1252"), TitleAndCharset(run.RecordFor(Url("latin1"))));
        Assert.Equal(("Crème brûlée 日本語", "UTF-8"), TitleAndCharset(run.RecordFor(Url("utf8"))));
        Assert.Equal(("Главная страница", "windows-1251"), TitleAndCharset(run.RecordFor(Url("late"))));
        Assert.Equal(("日本語のページへようこそ", "Shift_JIS"), TitleAndCharset(run.RecordFor(Url("sjis"))));
        Assert.Equal(("日\uFFFD本", "EUC-JP"), TitleAndCharset(run.RecordFor(Url("eucjp"))));
    }

    private static (string?, string?) TitleAndCharset(JsonElement record) =>
        (record.GetProperty("title").GetString(), record.GetProperty("charset").GetString());
}
