#!/usr/bin/env python3
"""Helpers of bench/queue.sh: CPU and memory of long-running processes from /proc, and the report.

    queue.py cpu NATS_PIDS AGENT_PID...       one JSON line: CPU seconds so far of each nats-server
                                              (NATS_PIDS: one pid, or a cluster's pids joined by
                                              commas) and of each agent (its own, and its workers':
                                              live ones and those it already reaped)
    queue.py part LABEL BEFORE AFTER STATUS   one JSON line: what the nats-servers (together and each)
                                              and the agents spent between two `cpu` lines, and what
                                              `queue status` said after
    queue.py rss PID...                       one JSON line: each process's peak RSS (VmHWM) and its
                                              live descendants' peaks
    queue.py report DIR OUTPUT.md             the Markdown section, from DIR's machine.env,
                                              results.jsonl (bench/measure.py), parts.jsonl, outputs,
                                              and (the cluster part) cluster-jsz.json

A process's CPU is utime+stime of /proc/PID/stat; cutime+cstime add its children that exited and
were waited for (an agent waits for its workers), so a worker replaced during a run still counts.
"""
import json
import os
import re
import statistics
import sys

TICK = os.sysconf("SC_CLK_TCK")


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return b""


def stat_fields(pid):
    data = read(f"/proc/{pid}/stat")
    return data[data.rindex(b")") + 2:].split() if data else None


def own_and_reaped(pid):
    f = stat_fields(pid)
    if f is None:
        return 0.0, 0.0
    return (int(f[11]) + int(f[12])) / TICK, (int(f[13]) + int(f[14])) / TICK


def descendants(root):
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        for t in os.listdir(f"/proc/{p}/task") if os.path.isdir(f"/proc/{p}/task") else []:
            for c in read(f"/proc/{p}/task/{t}/children").split():
                out.append(int(c))
                todo.append(int(c))
    return out


def tree_cpu(pid):
    """(the process's own CPU, its descendants' CPU: live ones and reaped ones) in seconds."""
    own, reaped = own_and_reaped(pid)
    children = reaped
    for d in descendants(pid):
        o, r = own_and_reaped(d)
        children += o + r
    return own, children


def hwm_mb(pid):
    for line in read(f"/proc/{pid}/status").splitlines():
        if line.startswith(b"VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def cmd_cpu(args):
    nats, agents = [int(p) for p in args[0].split(",")], [int(a) for a in args[1:]]
    each = [sum(tree_cpu(n)) for n in nats]
    print(json.dumps({"nats": sum(each), "nats_each": each, "agents": [list(tree_cpu(a)) for a in agents]}))


def cmd_part(args):
    label, before, after, status_path = args[0], json.loads(args[1]), json.loads(args[2]), args[3]
    try:
        status = json.load(open(status_path))
    except (OSError, ValueError):
        status = None
    agents = [[a[0] - b[0], a[1] - b[1]] for a, b in zip(after["agents"], before["agents"])]
    print(json.dumps({
        "label": label,
        "nats_cpu_s": round(after["nats"] - before["nats"], 3),
        "nats_each_cpu_s": [round(a - b, 3) for a, b in zip(after["nats_each"], before["nats_each"])],
        "agents_parent_cpu_s": [round(a[0], 3) for a in agents],
        "agents_workers_cpu_s": [round(a[1], 3) for a in agents],
        "jobs_left": None if status is None else status["jobs"]["queued"],
        "records_left": None if status is None else status["record_messages_waiting"],
        "agents_seen": None if status is None else len(status["agents"]),
    }))


def cmd_rss(args):
    print(json.dumps({pid: {"peak_rss_mb": hwm_mb(int(pid)),
                            "children_peak_rss_mb": [hwm_mb(d) for d in descendants(int(pid))]} for pid in args}))


# ---- the report ------------------------------------------------------------------------

def env(path):
    d = {}
    for line in open(path):
        k, _, v = line.rstrip("\n").partition("=")
        d[k] = v
    return d


def records(path):
    """(records, 200 answers, records naming an agent's host) of a JSON Lines output."""
    total = ok = hosted = 0
    try:
        f = open(path, encoding="utf-8", errors="replace")
    except OSError:
        return None
    with f:
        for line in f:
            if not line.strip():
                continue
            total += 1
            try:
                r = json.loads(line)
            except ValueError:
                continue
            if r.get("status") == 200 and r.get("error") is None:
                ok += 1
            if r.get("host"):
                hosted += 1
    return total, ok, hosted


def f1(x):
    return "–" if x is None else f"{x:,.1f}"


def f0(x):
    return "–" if x is None else f"{x:,.0f}"


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def cmd_report(args):
    d, output = args[0], args[1]
    M = env(os.path.join(d, "machine.env"))
    m = re.search(r"pages=(\d+) reps=(\d+) tiny=(\d+) concurrency=(\d+)", open(os.path.join(d, "machine.env")).read())
    pages, reps, tiny, conc = (int(x) for x in m.groups())
    R = {}
    for line in open(os.path.join(d, "results.jsonl")):
        r = json.loads(line)
        R[r["label"]] = r
    P = {}
    if os.path.exists(os.path.join(d, "parts.jsonl")):
        for line in open(os.path.join(d, "parts.jsonl")):
            p = json.loads(line)
            P[p["label"]] = p

    def row(label, urls):
        """The figures of one run: wall, rate, CPU by part (seconds), all from this invocation's files."""
        r = R.get(label)
        if r is None:
            return None
        p = P.get(label)
        x = {"label": label, "wall": r["wall_s"], "exit": r["exit"], "timed_out": r["timed_out"],
             "rate": urls / r["wall_s"] if r["wall_s"] else None, "urls": urls,
             "parent_cpu": r["parent_cpu_s"], "parent_rss": r["parent_peak_rss_mb"]}
        if p is None:  # a local run: the parent and its workers, all reaped by wait4
            x.update(workers_cpu=r["cpu_s"] - r["parent_cpu_s"], agents_cpu=0.0, nats_cpu=0.0, total_cpu=r["cpu_s"])
            x["parent_cpu"] = r["parent_cpu_s"]
        else:  # the collector (no children) + the agents' parents + their workers + nats-server
            x.update(parent_cpu=r["cpu_s"], agents_cpu=sum(p["agents_parent_cpu_s"]),
                     workers_cpu=sum(p["agents_workers_cpu_s"]), nats_cpu=p["nats_cpu_s"])
            x["total_cpu"] = x["parent_cpu"] + x["agents_cpu"] + x["workers_cpu"] + x["nats_cpu"]
            x["jobs_left"], x["records_left"], x["agents_seen"] = p["jobs_left"], p["records_left"], p["agents_seen"]
            x["nats_each"] = p.get("nats_each_cpu_s") or [p["nats_cpu_s"]]
            x["agents_each"] = [a + b for a, b in zip(p["agents_parent_cpu_s"], p["agents_workers_cpu_s"])]
        x["us_per_url"] = x["total_cpu"] / urls * 1e6
        out = os.path.join(d, label + ".out")
        x["records"] = records(out) if os.path.exists(out) else (r.get("stdout_lines"), None, None)
        return x

    corpus = {k: [row(f"corpus.{k}.r{i}", pages) for i in range(1, reps + 1)] for k in ("local", "queue")}
    corpus = {k: [x for x in v if x] for k, v in corpus.items()}
    tiny_rows = {k: row(f"tiny.{k}", tiny) for k in ("local", "queue")} if tiny else {}

    L = []
    w = L.append
    w(f"## Queue mode: two agents over NATS JetStream against one machine (bench/queue.sh)\n")
    w(f"`{M['command']}` on {M['date']}, commit {M['commit']}, {M['nproc']} cores ({M['cpu']}), {M['kernel']}, "
      f"{M['nats']}, {M['binary_kind']} binary. Everything runs on this one machine: nginx, nats-server "
      f"(JetStream, file storage), two agents (`webfetch serve --queue URL -w 1 -c {conc}`, each with its own "
      f"TMPDIR and socket, as two machines) and the collector (`webfetch run URLS --queue URL -q`), so the "
      f"queue path shares the cores that the local run (`webfetch run URLS -w 2 -c {conc} -q`) has to itself. "
      f"Load average {M.get('loadavg_start', '?')} at the start, {M.get('loadavg_end', '?')} at the end. "
      f"Corpus: {M.get('corpus', '?')}.\n")

    def rec(x):
        """Records written, of which 200 answers, of which (queue runs) naming the agent's host."""
        t = x["records"]
        if t is None or t[0] is None:
            return "–"
        if t[1] is None:
            return f"{t[0]:,}"
        hosts = f", {t[2]:,} with host" if "agents_seen" in x else ""
        return f"{t[0]:,} ({t[1]:,} OK{hosts})"

    def flag(x):
        return " TIMEOUT" if x["timed_out"] else ("" if x["exit"] == 0 else f" exit {x['exit']}")

    if pages:  # none with --no-corpus
        throughput_section(w, corpus, pages, reps, rec, flag)

    if M.get("machines") == "1":
        machines_section(w, row, pages, reps, rec, flag)

    w("### CPU per URL, by process (µs per URL; medians where repeated)\n")
    cols = [("corpus, local", corpus["local"]), ("corpus, queue", corpus["queue"])] if pages else []
    if tiny_rows.get("local"):
        cols.append(("tiny, local", [tiny_rows["local"]]))
    if tiny_rows.get("queue"):
        cols.append(("tiny, queue", [tiny_rows["queue"]]))
    w("| Process | " + " | ".join(c for c, _ in cols) + " |")
    w("|---|" + "---|" * len(cols))

    def per_url(xs, key):
        v = median(x[key] / x["urls"] * 1e6 for x in xs)
        return v

    for key, name in (("parent_cpu", "the run's parent: local supervisor / collector"),
                      ("agents_cpu", "agents' parents (pull, ack, publish records)"),
                      ("workers_cpu", "workers (fetch and parse)"),
                      ("nats_cpu", "nats-server"),
                      ("total_cpu", "**all processes**")):
        w(f"| {name} | " + " | ".join(
            "–" if not xs or (key in ("agents_cpu", "nats_cpu") and c.endswith("local")) else f0(per_url(xs, key))
            for c, xs in cols) + " |")
    over = []
    for kind in ("corpus", "tiny"):
        lo = [x for c, xs in cols if c == f"{kind}, local" for x in xs]
        qu = [x for c, xs in cols if c == f"{kind}, queue" for x in xs]
        if lo and qu:
            over.append((kind, per_url(qu, "total_cpu") - per_url(lo, "total_cpu"), per_url(qu, "nats_cpu")))
    w("")
    for kind, extra, nats in over:
        w(f"Queue overhead on {kind} pages: **{extra:,.0f} µs of CPU per URL** over the local run, all processes "
          f"(publish, pull, ack, record, collect); nats-server's share {nats:,.0f} µs.")
    if over:
        kind, _, nats = over[-1]
        if nats > 0:
            w(f"One core of nats-server at {nats:,.0f} µs per URL carries at most about **{1e6 / nats:,.0f} URLs/s** "
              f"({kind} pages; its CPU only: the agents and the collector scale with machines, the server does not). "
              + ("A three-node cluster: below." if M.get("cluster") == "1" else "A cluster is not measured here (--no-cluster)."))
    w("")

    if tiny_rows:
        w(f"### {tiny:,} lines of a tiny page ({min(tiny, 1000):,} distinct URLs, every line fetched: `--no-dedup`), "
          f"local against two agents\n")
        w("| Run | Wall s | URLs/s | CPU s, all processes | CPU µs/URL | Parent peak RSS MB | Records |")
        w("|---|---|---|---|---|---|---|")
        for k, name in (("local", "local, 2 workers"), ("queue", "queue: collector, 2 agents x 1 worker")):
            x = tiny_rows.get(k)
            if x:
                w(f"| {name}{flag(x)} | {x['wall']:.1f} | {f0(x['rate'])} | {x['total_cpu']:.1f} | {f0(x['us_per_url'])} | "
                  f"{f1(x['parent_rss'])} | {rec(x)} |")
        if tiny_rows.get("local") and tiny_rows.get("queue"):
            w(f"\nQueue rate against the local run: **{tiny_rows['local']['wall'] / tiny_rows['queue']['wall']:.2f}x**; "
              f"the collector's peak RSS over {tiny:,} lines: **{f1(tiny_rows['queue']['parent_rss'])} MB** (goal: under 64 MB).")
    try:
        agents = json.load(open(os.path.join(d, "agents-rss.json")))
        nats_rss = json.load(open(os.path.join(d, "nats-rss.json")))
        a = "; ".join(f"{v['peak_rss_mb']} MB (workers {', '.join(str(c) for c in v['children_peak_rss_mb'])} MB)" for v in agents.values())
        n = next(iter(nats_rss.values()))["peak_rss_mb"]
        w(f"Peak RSS over the whole invocation: agents {a}; nats-server {n} MB.")
    except (OSError, ValueError, StopIteration):
        pass
    w("")
    if M.get("cluster") == "1":
        cluster_section(w, d, row, pages, reps, tiny, corpus["queue"], tiny_rows.get("queue"), rec, flag)
    text = "\n".join(L)
    with open(output, "w") as f:
        f.write(text)


def throughput_section(w, corpus, pages, reps, rec, flag):
    """The corpus pages, local and queue runs alternating."""
    w(f"### Throughput: {pages:,} corpus pages, {reps} repetition(s), local and queue alternating\n")
    w("| Run | Wall s | Pages/s | CPU s, all processes | CPU µs/URL | Records |")
    w("|---|---|---|---|---|---|")
    for k, name in (("local", "local, 2 workers"), ("queue", "queue, 2 agents x 1 worker")):
        for x in corpus[k]:
            w(f"| {name} ({x['label'].rsplit('.', 1)[1]}){flag(x)} | {x['wall']:.2f} | {f0(x['rate'])} | "
              f"{x['total_cpu']:.2f} | {f0(x['us_per_url'])} | {rec(x)} |")
    med = {k: {"wall": median(x["wall"] for x in v), "cpu": median(x["total_cpu"] for x in v)} for k, v in corpus.items()}
    for k, name in (("local", "local"), ("queue", "queue")):
        if med[k]["wall"]:
            w(f"| **median, {name}** | {med[k]['wall']:.2f} | {f0(pages / med[k]['wall'])} | {med[k]['cpu']:.2f} | "
              f"{f0(med[k]['cpu'] / pages * 1e6)} | |")
    ratio = None
    if med["local"]["wall"] and med["queue"]["wall"]:
        ratio = med["local"]["wall"] / med["queue"]["wall"]
        w(f"\nQueue throughput against the local run (medians): **{ratio:.2f}x** (goal: at least 0.9x).")
    leftovers = [x for x in corpus["queue"] if x.get("jobs_left") or x.get("records_left")]
    if corpus["queue"]:
        w("After every queue run `queue status` showed " + (
            "no job and no record left in the queue." if not leftovers else
            "leftovers: " + ", ".join(f"{x['label']}: {x['jobs_left']} jobs, {x['records_left']} records" for x in leftovers) + "."))
    w("")


def machines_section(w, row, pages, reps, rec, flag):
    """The corpus with a CPU quota for each machine: local run 1 CPU, each agent 0.5 CPU."""
    runs = {k: [x for x in (row(f"machines.{k}.r{i}", pages) for i in range(1, reps + 1)) if x] for k in ("local", "queue")}
    if not runs["local"] or not runs["queue"]:
        return
    w(f"### Throughput with each machine's CPU its own: {pages:,} corpus pages, {reps} repetition(s)\n")
    w("Each side held by a cgroup CPU quota to what its machines would have: the local run (parent and 2 workers) "
      "to 1 CPU, each agent (parent and its worker) to 0.5 CPU, as two machines of half the size; nats-server and the "
      "collector outside the quotas, as on hosts of their own. The same agents and server as above, local and queue alternating.\n")
    w("| Run | Wall s | Pages/s | CPU s, the quota's processes | CPU s, collector + nats-server | Records |")
    w("|---|---|---|---|---|---|")
    for k, name in (("local", "local, 2 workers, 1 CPU"), ("queue", "queue, 2 agents x 1 worker, 0.5 CPU each")):
        for x in runs[k]:
            held = x["total_cpu"] if k == "local" else x["agents_cpu"] + x["workers_cpu"]
            rest = "–" if k == "local" else f"{x['parent_cpu'] + x['nats_cpu']:.2f}"
            w(f"| {name} ({x['label'].rsplit('.', 1)[1]}){flag(x)} | {x['wall']:.2f} | {f0(x['rate'])} | {held:.2f} | {rest} | {rec(x)} |")
    med = {k: median(x["wall"] for x in v) for k, v in runs.items()}
    w(f"\nQueue throughput against the local run, each machine with its own CPU (medians): "
      f"**{med['local'] / med['queue']:.2f}x** (goal: at least 0.9x).")
    left = [x for x in runs["queue"] if x.get("jobs_left") or x.get("records_left")]
    w("After every queue run `queue status` showed " + ("no job and no record left in the queue." if not left else
      "leftovers: " + ", ".join(f"{x['label']}: {x['jobs_left']} jobs, {x['records_left']} records" for x in left) + "."))
    w("")


def stream_replicas(d):
    """'WEBFETCH_JOBS R3 (leader nats-c2), ...' from a node's /jsz?streams=true&config=true&consumers=true, or None."""
    try:
        jsz = json.load(open(os.path.join(d, "cluster-jsz.json")))
    except (OSError, ValueError):
        return None
    out = []
    for account in jsz.get("account_details") or []:
        for st in account.get("stream_detail") or []:
            leader = (st.get("cluster") or {}).get("leader", "?")
            out.append(f"{st['name']} R{(st.get('config') or {}).get('num_replicas', '?')} (leader {leader})")
            for c in st.get("consumer_detail") or []:
                out.append(f"consumer {c['name']} R{(c.get('config') or {}).get('num_replicas', '?')} "
                           f"(leader {(c.get('cluster') or {}).get('leader', '?')})")
    return ", ".join(sorted(out)) or None


def cluster_section(w, d, row, pages, reps, tiny, one_corpus, one_tiny, rec, flag):
    """The cluster part: the same collector and agents over three nodes with R3 streams, against one server."""
    kinds = []
    corpus = [x for x in (row(f"corpus.cluster.r{i}", pages) for i in range(1, reps + 1)) if x]
    if corpus or one_corpus:
        kinds.append(("corpus", pages, one_corpus, corpus))
    if tiny:
        kinds.append(("tiny", tiny, [one_tiny] if one_tiny else [], [x for x in [row("tiny.cluster", tiny)] if x]))
    w("### The same queue over a three-node cluster with R3 streams\n")
    w("Three nats-server nodes on this machine (one cluster, JetStream, file storage, each node its own store and "
      "ports), the queue's streams and consumer with three replicas (`--queue-replicas 3` on the collector and the "
      "agents); agent 1 connects to node 1, agent 2 to node 2, the collector to node 3, as machines that each know "
      "one node. Same URL lists; these runs come after the one-server runs, whose processes are stopped first. "
      f"Streams at the end, as node 1 reports them: {stream_replicas(d) or '–'}.\n")
    w("| Run | Wall s | URLs/s | CPU µs/URL, all processes | nats-servers µs/URL (3 nodes together) | "
      "Each node µs/URL | Each agent CPU s | Records |")
    w("|---|---|---|---|---|---|---|---|")

    def per_url(xs, key):
        return median(x[key] / x["urls"] * 1e6 for x in xs)

    def nodes(xs):
        """Each node's CPU per URL (median over the runs), in node order."""
        return [median(x["nats_each"][i] / x["urls"] * 1e6 for x in xs) for i in range(len(xs[0]["nats_each"]))]

    for kind, urls, one, clu in kinds:
        for name, xs in (("one server", one), ("cluster", clu)):
            for x in xs:
                run = x["label"].rsplit(".", 1)[1] if x["label"].startswith("corpus") else ""
                w(f"| {kind}, {name}{f' ({run})' if run else ''}{flag(x)} | {x['wall']:.2f} | {f0(x['rate'])} | "
                  f"{f0(x['us_per_url'])} | {f0(x['nats_cpu'] / urls * 1e6)} | "
                  f"{', '.join(f0(v / urls * 1e6) for v in x['nats_each'])} | "
                  f"{', '.join(f'{v:.2f}' for v in x['agents_each'])} | {rec(x)} |")
            if len(xs) > 1:
                wall = median(x["wall"] for x in xs)
                w(f"| **median, {kind}, {name}** | {wall:.2f} | {f0(urls / wall)} | {f0(per_url(xs, 'total_cpu'))} | "
                  f"{f0(per_url(xs, 'nats_cpu'))} | {', '.join(f0(v) for v in nodes(xs))} | | |")
    w("")
    for kind, urls, one, clu in kinds:
        if not one or not clu:
            continue
        single, together, busiest = per_url(one, "nats_cpu"), per_url(clu, "nats_cpu"), max(nodes(clu))
        if not single or not together or not busiest:
            continue
        wall = median(x["wall"] for x in clu) / median(x["wall"] for x in one)
        adds = ("more than one server: it adds throughput as well as a queue that survives the loss of a node "
                "(the cluster test of WebFetch.Tests kills one mid-run)"
                if busiest < single else
                "no more than one server: what it adds is a queue that survives the loss of a node (the cluster test "
                "of WebFetch.Tests kills one mid-run), not throughput")
        w(f"On {kind} pages one nats-server spends {single:,.0f} µs of CPU per URL: one core of it carries about "
          f"**{1e6 / single:,.0f} URLs/s**. The three nodes together spend {together:,.0f} µs per URL: R3 replication "
          f"costs **{together / single:.2f}x** the one server's CPU per URL ({together - single:+,.0f} µs). The busiest "
          f"node spends {busiest:,.0f} µs per URL, so with a core for each node the cluster carries about "
          f"**{1e6 / busiest:,.0f} URLs/s**, {adds}. The cluster's wall time: {wall:.2f}x the one server's (here the "
          f"three nodes share this machine's cores with the agents and the collector).")
    runs = [x for _, _, _, clu in kinds for x in clu]
    left = [x for x in runs if x.get("jobs_left") or x.get("records_left") or x.get("jobs_left") is None]
    if runs:
        w("After every cluster run `queue status` showed " + (
            "no job and no record left in the queue." if not left else
            "leftovers: " + ", ".join(f"{x['label']}: " + ("no status" if x["jobs_left"] is None else
                                                           f"{x['jobs_left']} jobs, {x['records_left']} records")
                                      for x in left) + "."))
    try:
        agents = json.load(open(os.path.join(d, "cluster-agents-rss.json")))
        servers = json.load(open(os.path.join(d, "cluster-nats-rss.json")))
        w(f"Peak RSS over the cluster part: agents {', '.join(str(v['peak_rss_mb']) for v in agents.values())} MB; "
          f"nodes {', '.join(str(v['peak_rss_mb']) for v in servers.values())} MB.")
    except (OSError, ValueError):
        pass
    w("")


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    cmd, args = sys.argv[1], sys.argv[2:]
    {"cpu": cmd_cpu, "part": cmd_part, "rss": cmd_rss, "report": cmd_report}.get(cmd, lambda _: sys.exit(__doc__))(args)


if __name__ == "__main__":
    main()
