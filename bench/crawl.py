#!/usr/bin/env python3
"""The Markdown of bench/crawl.sh, from what it left in DIR.

    crawl.py DIR OUTPUT

DIR holds results.jsonl (bench/measure.py), parts.txt (LABEL FROM TO: each documentation run's
lines of access.log, nginx's combined format), machine.env, and the runs' outputs.
"""
import csv
import json
import os
import re
import sys

REQUEST = re.compile(r'"(\S+) (\S+)[^"]*" (\d{3}) ')
NAMES = {
    "doc.crawl": "webfetch crawl",
    "doc.run": "webfetch run (same URLs)",
    "doc.wget2": "wget2 --spider -r",
    "doc.linkchecker": "linkchecker -r",
}


def read_env(path):
    env = {}
    if os.path.exists(path):
        for line in open(path):
            key, _, value = line.rstrip("\n").partition("=")
            env[key] = value
    return env


def requests_of(log, start, end):
    """Requests in lines [start, end) of the access log, and the distinct URLs answered 400 or more."""
    count, broken = 0, set()
    with open(log, errors="replace") as f:
        for n, line in enumerate(f):
            if n < start:
                continue
            if n >= end:
                break
            m = REQUEST.search(line)
            if m:
                count += 1
                if int(m.group(3)) >= 400:
                    broken.add(m.group(2))
    return count, len(broken)


def defects_reported(d, label):
    """Each contender's own count of broken links, where it gives one."""
    if label in ("doc.crawl", "doc.run"):
        path = os.path.join(d, f"{label}.out")
        if not os.path.exists(path):
            return "—"
        n = 0
        for line in open(path, errors="replace"):
            try:
                n += json.loads(line).get("error") is not None
            except json.JSONDecodeError:
                pass
        return str(n)
    if label == "doc.linkchecker":
        path = os.path.join(d, "doc.linkchecker.out")
        if not os.path.exists(path):
            return "—"
        rows = [line for line in open(path, errors="replace") if line.strip() and not line.startswith("#")]
        table = list(csv.DictReader(rows, delimiter=";"))
        return str(sum(1 for row in table if row.get("valid") == "False"))
    return "—"


def cost_of_crawl(results):
    """The crawl against the plain run of the same URLs: each pair (doc.crawl and doc.run, then
    doc.crawl.rK and doc.run.rK from --reps, run one after the other), and the median of the pairs' ratios."""
    pairs = []
    k = 1
    while (crawl := results.get("doc.crawl" + ("" if k == 1 else f".r{k}"))) is not None:
        run = results.get("doc.run" + ("" if k == 1 else f".r{k}"))
        if run and run["wall_s"] and run["cpu_s"]:
            pairs.append((crawl, run))
        k += 1
    if not pairs:
        return []
    walls = sorted(c["wall_s"] / r["wall_s"] for c, r in pairs)
    cpus = sorted(c["cpu_s"] / r["cpu_s"] for c, r in pairs)
    median = lambda xs: xs[len(xs) // 2] if len(xs) % 2 else (xs[len(xs) // 2 - 1] + xs[len(xs) // 2]) / 2
    if len(pairs) == 1:
        c, r = pairs[0]
        return ["", f"The crawl costs {walls[0]:.2f}x the plain run of the URLs it fetched in wall time, {cpus[0]:.2f}x in CPU "
                f"({c['cpu_s']:.2f} s against {r['cpu_s']:.2f} s, all processes) (goal: at most 1.2x)."]
    lines = ["", f"The crawl against the plain run of the same URLs, {len(pairs)} pairs run one after the other "
             "(the table above shows the first):", "",
             "| pair | crawl wall | run wall | wall ratio | crawl CPU | run CPU | CPU ratio |", "|---:|---:|---:|---:|---:|---:|---:|"]
    for n, (c, r) in enumerate(pairs, 1):
        lines.append(f"| {n} | {c['wall_s']:.2f} s | {r['wall_s']:.2f} s | {c['wall_s'] / r['wall_s']:.2f}x "
                     f"| {c['cpu_s']:.2f} s | {r['cpu_s']:.2f} s | {c['cpu_s'] / r['cpu_s']:.2f}x |")
    lines += ["", f"The crawl costs **{median(walls):.2f}x** the plain run in wall time and **{median(cpus):.2f}x** in CPU, "
              f"medians of the pairs (ranges {walls[0]:.2f}-{walls[-1]:.2f}x and {cpus[0]:.2f}-{cpus[-1]:.2f}x) (goal: at most 1.2x)."]
    return lines


def fmt(x, digits=1):
    return "—" if x is None else f"{x:,.{digits}f}"


def main():
    d, output = sys.argv[1], sys.argv[2]
    env = read_env(os.path.join(d, "machine.env"))
    results = {}
    path = os.path.join(d, "results.jsonl")
    if os.path.exists(path):
        for line in open(path):
            r = json.loads(line)
            results[r["label"]] = r
    out = [f"## Crawl ({env.get('date', '')})", ""]
    out.append(f"`{env.get('command', './bench/crawl.sh')}` on {env.get('nproc', '?')} cores ({env.get('cpu', '?')}), "
               f"{env.get('kernel', '')}; load average {env.get('loadavg_start', '?')} at the start, "
               f"{env.get('loadavg_end', '?')} at the end. Commit {env.get('commit', '?')}.")
    out.append("")
    synth = results.get("synthetic")
    if synth:
        urls = synth.get("stdout_lines") or 0
        stderr = os.path.join(d, "results.jsonl.synthetic.stderr")
        spilled = os.path.exists(stderr) and "spill file" in open(stderr, errors="replace").read()
        rate = urls / synth["wall_s"] if synth["wall_s"] else None
        out += ["### A large site: memory stays bounded", "",
                "A synthetic site made by nginx on 127.0.0.1 (each page links home and to ten new pages), "
                f"crawled breadth-first with `--max-urls {int(env.get('urls', '0').split()[0]):,}` -w 2: "
                "most of the last levels wait in the frontier at once, which spills to disk past "
                "`Defaults.FrontierMemoryUrls` (the frontier says so on stderr).", "",
                "| URLs (records) | wall | URLs/s | parent peak RSS | a worker's peak RSS | CPU (all processes) | frontier spilled | exit |",
                "|---:|---:|---:|---:|---:|---:|---|---:|",
                f"| {urls:,} | {fmt(synth['wall_s'])} s | {fmt(rate, 0)} | {fmt(synth['parent_peak_rss_mb'])} MB "
                f"| {fmt(synth['worker_peak_rss_mb'])} MB | {fmt(synth['cpu_s'])} s | {'yes' if spilled else 'no'} "
                f"| {'timed out' if synth['timed_out'] else synth['exit']} |", ""]
    parts = []
    parts_path = os.path.join(d, "parts.txt")
    log = os.path.join(d, "access.log")
    if os.path.exists(parts_path) and os.path.exists(log):
        parts = [line.split() for line in open(parts_path) if line.strip()]
    if parts:
        depth = env.get("urls", "").partition("depth=")[2].split(" ")[0]
        out += [f"### The Rust documentation, from std/index.html at depth {depth}", "",
                f"Served by nginx on 127.0.0.1 from {env.get('html', '?')}; the whole host in scope, robots.txt obeyed, "
                "nothing outside 127.0.0.1 checked. Requests and the URLs answered 400 or more are counted in nginx's "
                "access log, the same way for every contender; the defects reported are each one's own count "
                "(webfetch: error records, missing anchors included; LinkChecker: invalid rows).", "",
                "| contender | wall | requests | requests/s | URLs answered >= 400 | defects reported | parent peak RSS | note |",
                "|---|---:|---:|---:|---:|---:|---:|---|"]
        for label, start, end in parts:
            r = results.get(label)
            if not r:
                continue
            count, broken = requests_of(log, int(start), int(end))
            rate = count / r["wall_s"] if r["wall_s"] else None
            note = f"stopped after {r['wall_s']:.0f} s (partial)" if r["timed_out"] else ("" if r["exit"] in (0, 1, 8) else f"exit {r['exit']}")
            out.append(f"| {NAMES.get(label, label)} | {fmt(r['wall_s'], 2)} s | {count:,} | {fmt(rate, 0)} | {broken:,} "
                       f"| {defects_reported(d, label)} | {fmt(r['parent_peak_rss_mb'])} MB | {note} |")
        out += cost_of_crawl(results)
        out.append("")
    text = "\n".join(out) + "\n"
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    with open(output, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
