#!/usr/bin/env python3
"""Run one command and measure it; append one JSON line to RESULTS.

    measure.py RESULTS LABEL TIMEOUT_S [--stdin FILE] [--stdout FILE|--count-lines] -- CMD ARGS...

What is measured, and how:
  wall       monotonic clock from just before the process starts to its exit (a blocking wait4;
             a watchdog thread enforces the timeout).
  cpu        user and system seconds from wait4's rusage of the command: the command itself
             plus every descendant it waited for (webfetch reaps its workers, xargs its curls).
             Context switches (voluntary and not) and minor page faults come from the same rusage.
  parent     the command's own process: its peak RSS is VmHWM from /proc/PID/status (the
             kernel's exact high-water mark), read every sample; the last read comes at most
             one sample period before exit. Its CPU is utime+stime from /proc/PID/stat at the
             last sample; the rest of `cpu` is the children's (workers').
  children   every descendant (found through /proc/PID/task/*/children, refreshed every sample
             for the first second, then every 5th): VmRSS summed over all of them at each sample; the peak of that sum is
             reported (concurrent peak, sampled). Also the largest single ru_maxrss of wait4.
  samples    every 20 ms. Short-lived children (one curl per URL) are caught only when a
             sample falls inside their life.
  each child every descendant's own VmHWM (its kernel high-water mark), read at every
             sample: worker_peak_rss_mb is the largest of them (one worker's peak), and
             children_peak_rss_each_mb lists them all, largest first.
stdout of the command goes to FILE, or is counted (--count-lines, newlines only), or to
/dev/null. stderr goes to RESULTS.LABEL.stderr. On timeout the whole process group gets
SIGTERM, then SIGKILL 5 s later, and the record says timed_out.
"""
import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time

PERIOD = 0.02
TICK = os.sysconf("SC_CLK_TCK")


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return b""


def children_of(pid):
    kids = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return kids
    for t in tasks:
        kids += [int(x) for x in read(f"/proc/{pid}/task/{t}/children").split()]
    return kids


def descendants(root):
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        for c in children_of(p):
            out.append(c)
            todo.append(c)
    return out


def status_kb(pid, key):
    for line in read(f"/proc/{pid}/status").splitlines():
        if line.startswith(key.encode()):
            return int(line.split()[1])
    return None


def rss_kb(pid):
    fields = read(f"/proc/{pid}/statm").split()
    return int(fields[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024) if len(fields) > 1 else 0


def cpu_s(pid):
    data = read(f"/proc/{pid}/stat")
    if not data:
        return None
    fields = data[data.rindex(b")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def main():
    argv = sys.argv[1:]
    sep = argv.index("--")
    opts, cmd = argv[:sep], argv[sep + 1:]
    results, label, timeout = opts[0], opts[1], float(opts[2])
    stdin_path = stdout_path = None
    count_lines = False
    rest = opts[3:]
    while rest:
        if rest[0] == "--stdin":
            stdin_path = rest[1]; rest = rest[2:]
        elif rest[0] == "--stdout":
            stdout_path = rest[1]; rest = rest[2:]
        elif rest[0] == "--count-lines":
            count_lines = True; rest = rest[1:]
        else:
            raise SystemExit(f"measure: unknown option {rest[0]}")

    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    if count_lines:
        stdout = subprocess.PIPE
    elif stdout_path:
        stdout = open(stdout_path, "wb")
    else:
        stdout = subprocess.DEVNULL
    stderr = open(f"{results}.{label}.stderr", "wb")

    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=stdin, stdout=stdout, stderr=stderr, start_new_session=True)
    pid = proc.pid
    lines = [0]
    reader = None
    if count_lines:
        def count():
            while True:
                chunk = proc.stdout.read(1 << 20)
                if not chunk:
                    break
                lines[0] += chunk.count(b"\n")
        reader = threading.Thread(target=count, daemon=True)
        reader.start()

    state = {"parent_hwm": 0, "parent_cpu": 0.0, "children_peak": 0, "children_max_count": 0, "samples": 0,
             "child_hwm": {}}
    done = threading.Event()

    def sample():
        kids = []
        n = 0
        while not done.is_set():
            hwm = status_kb(pid, "VmHWM:")
            c = cpu_s(pid)
            if hwm is None or c is None:
                break
            state["parent_hwm"] = max(state["parent_hwm"], hwm)
            state["parent_cpu"] = c
            if n < 50 or n % 5 == 0:
                kids = descendants(pid)
            total = sum(rss_kb(k) for k in kids)
            for k in kids:
                k_hwm = status_kb(k, "VmHWM:")
                if k_hwm is not None:
                    state["child_hwm"][k] = max(state["child_hwm"].get(k, 0), k_hwm)
            state["children_peak"] = max(state["children_peak"], total)
            state["children_max_count"] = max(state["children_max_count"], len(kids))
            state["samples"] += 1
            n += 1
            done.wait(PERIOD)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()

    timed_out = threading.Event()
    exited = threading.Event()

    def enforce_timeout():
        if exited.wait(timeout):
            return
        timed_out.set()
        for sig, grace in ((signal.SIGTERM, 5), (signal.SIGKILL, None)):
            try:
                os.killpg(pid, sig)
            except ProcessLookupError:
                return
            if grace is None or exited.wait(grace):
                return

    watchdog = threading.Thread(target=enforce_timeout, daemon=True)
    watchdog.start()
    # Blocks: the exit is seen at once, and nothing polls in the meantime.
    _, status, usage = os.wait4(pid, 0)
    wall = time.monotonic() - started
    exited.set()
    timed_out = timed_out.is_set()
    proc.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    sampler.join()
    # anything of the group still alive (a worker that outlived its parent) is stopped now
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if reader:
        reader.join(timeout=30)

    cpu_user, cpu_sys = usage.ru_utime, usage.ru_stime
    record = {
        "label": label,
        "cmd": cmd,
        "exit": proc.returncode,
        "timed_out": timed_out,
        "wall_s": round(wall, 3),
        "cpu_user_s": round(cpu_user, 3),
        "cpu_sys_s": round(cpu_sys, 3),
        "cpu_s": round(cpu_user + cpu_sys, 3),
        "parent_cpu_s": round(state["parent_cpu"], 2),
        "parent_peak_rss_mb": round(state["parent_hwm"] / 1024, 1),
        "children_peak_rss_mb": round(state["children_peak"] / 1024, 1),
        "children_max_count": state["children_max_count"],
        "worker_peak_rss_mb": round(max(state["child_hwm"].values(), default=0) / 1024, 1),
        "children_peak_rss_each_mb": [round(v / 1024, 1) for v in sorted(state["child_hwm"].values(), reverse=True)],
        "largest_maxrss_mb": round(usage.ru_maxrss / 1024, 1),
        "context_switches": usage.ru_nvcsw + usage.ru_nivcsw,
        "minor_faults": usage.ru_minflt,
        "samples": state["samples"],
        "stdout_lines": lines[0] if count_lines else None,
    }
    with open(results, "a") as f:
        f.write(json.dumps(record) + "\n")
    print(f"  {label}: exit={record['exit']}{' TIMEOUT' if timed_out else ''} wall={record['wall_s']}s "
          f"cpu={record['cpu_s']}s parent_rss={record['parent_peak_rss_mb']}MB "
          f"children_rss={record['children_peak_rss_mb']}MB worker_peak_rss={record['worker_peak_rss_mb']}MB",
          file=sys.stderr)


if __name__ == "__main__":
    main()
