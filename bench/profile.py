#!/usr/bin/env python3
"""Record where a contender's CPU goes, with perf, and sort it into a few categories.

    profile.py RUN_DIR LABEL URLS -- CMD...

Runs CMD (stdout discarded) under `perf record -e cpu-clock -F 4999 -g`, which samples every
thread of CMD and of the processes it starts. Each sample's call stack is sorted into one
category (see CATEGORIES) and counted for its process's role: `parent` (the process CMD
started) or `workers` (every process below it). Writes RUN_DIR/profile.LABEL.json with the
sample counts, the sampling frequency and URLS, so that the report can show CPU per URL.

Native symbols come from the binaries (NativeAOT: the `.dbg` file next to the executable).
Exits 3 when perf cannot record here (not installed, or perf_event_paranoid forbids it).
"""
import json
import os
import re
import shutil
import subprocess
import sys

FREQ = 4999

# A sample belongs to the first category whose pattern matches. WHOLE_STACK categories are
# looked for anywhere in the stack, in this order, before anything else: a page fault while
# the runtime starts is start-up. The others are matched from the leaf towards the root, so
# the innermost known frame decides (a result line written after an HTTP response, whose
# continuation still has the HTTP frames below it, is exchange, not HTTP).
WHOLE_STACK = [
    ("start", r"StartupCodeHelpers|RhInitialize|InitializeGC|_dl_start|_dl_map_object|_dl_relocate|load_elf_binary"
              r"|bprm_execve|exit_mmap|do_group_exit|do_exit$|mmput|WorkerLauncher|__spawn|posix_spawn|kernel_clone"),
]
LEAF_FIRST = [
    ("memory", r"^asm_exc_page_fault|^exc_page_fault"),
    ("gc", r"gc_heap::garbage_collect|gc_heap::gc1|GCHeap::GarbageCollect|gc_heap::plan_phase|gc_heap::mark_phase"),
    ("parse", r"^AngleSharp_|HtmlExtractor|DocumentScan|MetaPrescan|Charsets"),
    ("json", r"^System_Text_Json_|ProtocolJson"),
    ("exchange", r"LineProtocol|Dispatcher__ExchangeAsync|WorkerHost__ServeConnectionAsync|WorkerHost__AnswerAsync"
                 r"|WorkerHost__TryAccept|WorkerHost__AcceptLoop|PeerCredentials|^unix_stream|^unix_release|^unix_accept"),
    ("control", r"ControlChannel|WorkerHandle|WorkerPool|^pipe_read|^pipe_write|PipeStream"),
    ("http", r"^System_Net_Http_|PageFetcher|^tcp_|^inet_|^__inet"),
    ("parent", r"Dispatcher|RecordSink|InputReader|UrlLineParser|WriteBehindStream|HostScheduler|RequestBook"
               r"|RunStatistics|LostWorkRegistry|webfetch_WebFetch_Output|webfetch_WebFetch_Input"),
    ("runtime", r"ThreadPoolWorkQueue|PortableThreadPool|SocketAsyncEngine|SocketAsyncContext|LowLevelLifoSemaphore"
                r"|WaitSubsystem|TimerQueue|SemaphoreSlim|^epoll|^futex|^__futex|^do_epoll|^schedule|SpinWait|Thread__Yield"),
]
ORDER = [name for name, _ in WHOLE_STACK + LEAF_FIRST] + ["other"]
WHOLE = [(n, re.compile(p)) for n, p in WHOLE_STACK]
LEAF = [(n, re.compile(p)) for n, p in LEAF_FIRST]


def classify(frames):
    for name, pattern in WHOLE:
        if any(pattern.search(f) for f in frames):
            return name
    for frame in frames:  # leaf first
        for name, pattern in LEAF:
            if pattern.search(frame):
                return name
    return "other"


def main():
    run, label, urls = sys.argv[1], sys.argv[2], int(sys.argv[3])
    cmd = sys.argv[sys.argv.index("--") + 1:]
    if shutil.which("perf") is None:
        print("profile.py: perf not found (apt-get install -y linux-perf)", file=sys.stderr)
        return 3
    data = os.path.join(run, f"profile.{label}.data")
    with open(os.path.join(run, f"profile.{label}.log"), "w") as log:
        rc = subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-F", str(FREQ), "-g", "-o", data, "--"] + cmd,
                            stdout=subprocess.DEVNULL, stderr=log).returncode
    if rc != 0 or not os.path.exists(data):
        print(f"profile.py: perf record failed (exit {rc}); see profile.{label}.log", file=sys.stderr)
        return 3
    script = subprocess.run(["perf", "script", "-i", data, "-F", "pid,tid,ip,sym"],
                            capture_output=True, text=True).stdout
    counts = {"parent": {}, "workers": {}}
    root = None
    pid, frames = None, []

    def flush():
        nonlocal root
        if pid is None:
            return
        root = pid if root is None else root  # the first sample is the command itself, before it starts others
        role = "parent" if pid == root else "workers"
        cat = classify(frames)
        counts[role][cat] = counts[role].get(cat, 0) + 1

    for line in script.splitlines():
        m = re.match(r"^\s*(\d+)/(\d+)\s*$", line)
        if m:
            flush()
            pid, frames = int(m.group(1)), []
            continue
        parts = line.strip().split(None, 1)
        if len(parts) == 2:
            frames.append(re.sub(r"\+0x[0-9a-f]+$", "", parts[1]))
    flush()
    os.remove(data)  # tens of MB; the counts are what the report needs
    json.dump({"label": label, "freq": FREQ, "urls": urls, "order": ORDER, "samples": counts},
              open(os.path.join(run, f"profile.{label}.json"), "w"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
