using System.Security.Cryptography;
using System.Text;

namespace WebFetch.Reports;

/// <summary>
/// What the HTML report carries inline, so that it is one file with nothing to load: its style
/// sheet, its small filter script (the page works without it: the filter box stays hidden),
/// and the Content-Security-Policy that allows exactly these two and nothing else, so that
/// even a mistake in escaping could not run a page's script or load anything from the network.
/// </summary>
internal static class HtmlReportAssets
{
    public const string Style = """
        :root{--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--head:#f6f8fa;--link:#0969da;--bad:#b3261e;--bad-bg:#ffebe9;--warn:#7d5400;--warn-bg:#fff4d6;--ok:#1a7f37}
        @media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--head:#151b23;--link:#4493f8;--bad:#ff7b72;--bad-bg:#3c1618;--warn:#e3b341;--warn-bg:#3a2d0b;--ok:#3fb950}}
        *{box-sizing:border-box}
        [hidden]{display:none!important}
        body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
        header,main,footer{max-width:80rem;margin:0 auto;padding:0 1rem}
        header{padding-top:1.25rem}
        h1{font-size:1.5rem;margin:0 0 .25rem}
        h2{font-size:1.2rem;margin:2rem 0 .75rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
        a{color:var(--link);text-decoration:none}
        a:hover{text-decoration:underline}
        .url,.page,.pos,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:.9em}
        .url,.page{overflow-wrap:anywhere}
        .start{margin:0;color:var(--muted)}
        .tiles{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;margin:1rem 0;padding:0}
        .tiles li{border:1px solid var(--line);border-radius:8px;padding:.45rem .8rem;min-width:7.5rem}
        .tiles strong{display:block;font-size:1.35rem;line-height:1.2}
        .tiles .bad{border-color:var(--bad);background:var(--bad-bg)}
        .tiles .bad strong{color:var(--bad)}
        .tiles .warn{border-color:var(--warn);background:var(--warn-bg)}
        .tiles .warn strong{color:var(--warn)}
        .tiles .good strong{color:var(--ok)}
        .tiles a{color:inherit}
        .filter{margin:.5rem 0 0}
        .filter input{font:inherit;padding:.3rem .6rem;width:min(28rem,100%);border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg)}
        .count{color:var(--muted);font-weight:normal}
        table{width:100%;border-collapse:separate;border-spacing:0}
        thead th.page{width:45%}
        thead th.pos{width:1%;white-space:nowrap}
        thead th{text-align:left;font-size:.8rem;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.04em;padding:.3rem .6rem}
        tbody+tbody::before{content:"";display:block;height:.75rem}
        tbody th,tbody td{border-bottom:1px solid var(--line)}
        tbody tr>:first-child{border-left:1px solid var(--line)}
        tbody tr>:last-child{border-right:1px solid var(--line)}
        tr.target th{text-align:left;font-weight:normal;background:var(--head);padding:.5rem .6rem;border-top:1px solid var(--line)}
        td{padding:.25rem .6rem;vertical-align:top}
        td.pos{white-space:nowrap;color:var(--muted)}
        td.text{color:var(--fg)}
        tr.more td{color:var(--muted);font-style:italic}
        .badge{display:inline-block;font-size:.8rem;font-weight:600;padding:.05rem .5rem;border-radius:1rem;margin-right:.4rem;white-space:nowrap}
        .badge.bad{color:var(--bad);background:var(--bad-bg);border:1px solid var(--bad)}
        .badge.warn{color:var(--warn);background:var(--warn-bg);border:1px solid var(--warn)}
        .about{color:var(--muted);font-size:.85rem;margin-left:.4rem;white-space:nowrap}
        .note{display:block;color:var(--muted);font-size:.87rem;margin-top:.2rem}
        .arrow{color:var(--muted);margin:0 .3rem}
        .empty{color:var(--ok)}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1.5rem;margin:0}
        dt{color:var(--muted)}
        dd{margin:0}
        footer{color:var(--muted);font-size:.85rem;padding:2rem 1rem}
        @media (max-width:44rem){body{font-size:14px}.tiles li{min-width:0;flex:1 1 5.5rem;padding:.35rem .6rem}.tiles strong{font-size:1.15rem}thead{display:none}table,tbody,tr,th,td{display:block}tbody th,tbody td{border:0!important}tbody tr{border:1px solid var(--line);border-top:0}tbody tr.target{border-top:1px solid var(--line)}td{padding:.1rem .6rem}td.page{padding-top:.4rem}tr:not(.target)>td:last-child{padding-bottom:.4rem}td.pos,td.text{display:inline-block}td.pos{padding-right:0}td:empty{display:none}}
        """;

    public const string Script = """
        (function () {
          var box = document.getElementById('filter-box'), input = document.getElementById('filter');
          if (!box || !input || !document.querySelectorAll) return;
          var groups = document.querySelectorAll('tbody');
          box.hidden = false;
          input.addEventListener('input', function () {
            var query = input.value.trim().toLowerCase();
            for (var i = 0; i < groups.length; i++) {
              groups[i].hidden = query !== '' && groups[i].textContent.toLowerCase().indexOf(query) < 0;
            }
          });
        })();
        """;

    /// <summary>Nothing from anywhere but this style sheet and this script, named by their hashes; no base, no form.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src '{Hash(Style)}'; script-src '{Hash(Script)}'; base-uri 'none'; form-action 'none'";

    private static string Hash(string text) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
