#!/usr/bin/env python3
"""Build the benchmark corpus: COUNT HTML pages named p0000.html ... in OUT.

    corpus.py OUT COUNT SEED [--source rustdoc|generated|auto] [--rustdoc DIR]

Page sizes follow a web-like distribution drawn with SEED: log-normal with a median of
25 KB (sigma 1.0, at least 1.5 KB), plus 1 % of pages drawn log-uniformly between 1 MB and
8 MB (the long tail). Two sources:

  rustdoc    real HTML from the Rust documentation shipped with a rustup toolchain. For each
             drawn size, the unused page whose size is nearest is taken (pages under 1 KB,
             which are mostly redirect stubs, are left out). Deterministic for a given
             toolchain and SEED.
  generated  synthetic pages built with SEED: doctype, lang, title, meta description,
             canonical link, stylesheets, inline scripts, nav, nested sections, paragraphs
             with inline links, lists, tables, footer.

auto (the default) uses rustdoc when a toolchain's share/doc/rust/html is found.
Prints one line to stdout: "source=... pages=... bytes=... median=... p90=... p99=... max=...".
"""
import bisect
import glob
import math
import os
import random
import shutil
import sys

MEDIAN = 25_000
SIGMA = 1.0
MIN_SIZE = 1_500
TAIL_SHARE = 0.01
TAIL_MIN, TAIL_MAX = 1_000_000, 8_000_000


def target_sizes(count, rng):
    sizes = []
    for _ in range(count):
        if rng.random() < TAIL_SHARE:
            s = math.exp(rng.uniform(math.log(TAIL_MIN), math.log(TAIL_MAX)))
        else:
            s = rng.lognormvariate(math.log(MEDIAN), SIGMA)
        sizes.append(int(min(max(s, MIN_SIZE), TAIL_MAX)))
    return sizes


def find_rustdoc():
    roots = sorted(glob.glob(os.path.expanduser("~/.rustup/toolchains/*/share/doc/rust/html")))
    roots += sorted(glob.glob("/usr/local/rustup/toolchains/*/share/doc/rust/html"))
    roots += ["/usr/share/doc/rust/html", "/usr/share/doc/rust-doc/html"]
    stable = [r for r in roots if "/stable-" in r and os.path.isdir(r)]
    for r in stable + roots:
        if os.path.isdir(r):
            return r
    return None


def from_rustdoc(root, sizes, out):
    pool = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(".html"):
                path = os.path.join(dirpath, name)
                size = os.path.getsize(path)
                if size >= 1024:
                    pool.append((size, path))
    pool.sort()
    if len(pool) < len(sizes):
        raise SystemExit(f"corpus: only {len(pool)} pages under {root}")
    keys = [s for s, _ in pool]
    manifest = []
    for i, want in enumerate(sizes):
        j = bisect.bisect_left(keys, want)
        if j == len(keys) or (j > 0 and want - keys[j - 1] < keys[j] - want):
            j -= 1
        size, path = pool.pop(j)
        keys.pop(j)
        dest = os.path.join(out, f"p{i:04d}.html")
        shutil.copyfile(path, dest)
        manifest.append(f"p{i:04d}.html\t{size}\t{os.path.relpath(path, root)}")
    return manifest


WORDS = ("the of and to in is for on that with as by this are from be at or an it not which "
         "queue worker request server client cache index page document section release "
         "version config build deploy network socket thread process memory parser token "
         "stream buffer record field value option default error timeout retry backoff "
         "latency throughput benchmark dashboard cluster storage backup schema migration "
         "upgrade install support feature example tutorial guide reference overview").split()


def sentence(rng, n):
    w = [rng.choice(WORDS) for _ in range(n)]
    w[0] = w[0].capitalize()
    return " ".join(w) + "."


def paragraph(rng, i):
    parts = []
    for _ in range(rng.randint(3, 7)):
        s = sentence(rng, rng.randint(6, 18))
        if rng.random() < 0.4:
            word = rng.choice(WORDS)
            href = f"/docs/{rng.choice(WORDS)}/{rng.randint(1, 999)}.html" if rng.random() < 0.7 \
                else f"https://{rng.choice(WORDS)}.example.org/{rng.choice(WORDS)}"
            s += f' See <a href="{href}" class="ref">{word}</a>.'
        if rng.random() < 0.2:
            s += f" <code>{rng.choice(WORDS)}_{rng.choice(WORDS)}()</code> <em>{rng.choice(WORDS)}</em>"
        parts.append(s)
    return f'<p id="p{i}">' + " ".join(parts) + "</p>\n"


def block(rng, i):
    r = rng.random()
    if r < 0.6:
        return paragraph(rng, i)
    if r < 0.8:
        items = "".join(f'<li><a href="/{rng.choice(WORDS)}/{k}">{sentence(rng, 4)}</a> '
                        f'<span class="meta">{sentence(rng, 5)}</span></li>\n' for k in range(rng.randint(3, 9)))
        return f'<ul class="list">\n{items}</ul>\n'
    if r < 0.9:
        rows = "".join("<tr>" + "".join(f"<td>{rng.choice(WORDS)} {rng.randint(0, 9999)}</td>" for _ in range(4))
                       + "</tr>\n" for _ in range(rng.randint(3, 12)))
        return f'<table class="data"><thead><tr><th>Name</th><th>Value</th><th>Kind</th><th>Notes</th></tr></thead>\n<tbody>\n{rows}</tbody></table>\n'
    code = "\n".join(f"  {rng.choice(WORDS)} = {rng.choice(WORDS)}({rng.randint(0, 99)}) &amp;&amp; x &lt; {k}" for k in range(rng.randint(3, 10)))
    return f'<div class="example"><pre><code class="language-sh">{code}</code></pre></div>\n'


def generated_page(rng, i, size):
    title = sentence(rng, rng.randint(3, 8))[:-1]
    lang = rng.choice(["en", "en", "en", "en-US", "de", "fr"])
    head = (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title} | Example Docs</title>\n"
            f'<meta name="description" content="{sentence(rng, rng.randint(10, 25))}">\n'
            f'<link rel="canonical" href="https://docs.example.org/p{i:04d}.html">\n'
            f'<link rel="stylesheet" href="/static/site.css">\n<link rel="icon" href="/favicon.ico">\n'
            f'<meta property="og:title" content="{title}">\n'
            "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
            f"gtag('js',new Date());gtag('config','G-{rng.randint(100000, 999999)}');</script>\n"
            "</head>\n")
    nav = "".join(f'<li class="nav-item"><a href="/{w}/">{w.capitalize()}</a></li>'
                  for w in rng.sample(WORDS, 8))
    top = (f'<body class="page">\n<header class="site-header"><div class="container"><a class="logo" href="/">Example</a>'
           f'<nav aria-label="main"><ul class="nav">{nav}</ul></nav></div></header>\n'
           f'<div class="container layout"><aside class="sidebar"><ul>'
           + "".join(f'<li><a href="/docs/{w}.html">{w}</a></li>' for w in rng.sample(WORDS, 12))
           + f'</ul></aside>\n<main id="content"><article>\n<h1>{title}</h1>\n')
    foot = ('</article></main></div>\n<footer class="site-footer"><div class="container"><p>&copy; Example. '
            '<a href="/privacy">Privacy</a> <a href="/terms">Terms</a></p></div></footer>\n'
            '<script src="/static/app.js" defer></script>\n</body>\n</html>\n')
    parts = [head, top]
    length = len(head) + len(top) + len(foot)
    k = 0
    while length < size:
        if k % 6 == 0:
            h = f'<section id="s{k}"><h2>{sentence(rng, rng.randint(2, 6))[:-1]}</h2>\n'
            parts.append(h)
            length += len(h)
        b = block(rng, k)
        parts.append(b)
        length += len(b)
        if k % 6 == 5:
            parts.append("</section>\n")
            length += 11
        k += 1
    if k % 6 != 0:
        parts.append("</section>\n")
    parts.append(foot)
    return "".join(parts)


def generated(sizes, out, rng):
    manifest = []
    for i, size in enumerate(sizes):
        html = generated_page(rng, i, size)
        with open(os.path.join(out, f"p{i:04d}.html"), "w", encoding="utf-8") as f:
            f.write(html)
        manifest.append(f"p{i:04d}.html\t{len(html.encode())}\tgenerated")
    return manifest


def main():
    args = sys.argv[1:]
    source, rustdoc = "auto", None
    if "--source" in args:
        k = args.index("--source"); source = args[k + 1]; del args[k:k + 2]
    if "--rustdoc" in args:
        k = args.index("--rustdoc"); rustdoc = args[k + 1]; del args[k:k + 2]
    if len(args) != 3 or source not in ("auto", "rustdoc", "generated"):
        raise SystemExit(__doc__)
    out, count, seed = args[0], int(args[1]), int(args[2])
    rng = random.Random(seed)
    sizes = target_sizes(count, rng)
    if source != "generated":
        rustdoc = rustdoc or find_rustdoc()
        if rustdoc is None and source == "rustdoc":
            raise SystemExit("corpus: no Rust documentation found")
        source = "rustdoc" if rustdoc else "generated"
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    manifest = from_rustdoc(rustdoc, sizes, out) if source == "rustdoc" else generated(sizes, out, rng)
    with open(os.path.join(out, "MANIFEST.tsv"), "w") as f:
        f.write("\n".join(manifest) + "\n")
    got = sorted(int(line.split("\t")[1]) for line in manifest)
    n = len(got)
    where = f" from={rustdoc}" if source == "rustdoc" else ""
    print(f"source={source} pages={n} bytes={sum(got)} median={got[n // 2]} p90={got[int(n * .9)]} "
          f"p99={got[int(n * .99)]} max={got[-1]}{where}")


if __name__ == "__main__":
    main()
