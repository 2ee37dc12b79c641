#!/usr/bin/env python3
"""Agreement of webfetch and curl with web-platform-tests' URL test data.

Runs the absolute URLs of urltestdata.json that fit on a line through a given webfetch
binary and through curl, both with a capture proxy on 127.0.0.1 as their proxy (so the
proxy sees the whole URL each sends, and no name is looked up), and prints how many
entries each agrees on:

  - an entry whose result is an http URL agrees when the request line names exactly that
    URL without credentials and fragment, and the Host header is its host;
  - an entry whose result is an https URL agrees when the CONNECT names exactly its host
    and port;
  - an entry whose result is a failure or not an http(s) URL agrees when nothing is
    requested.

A measurement, not a test. It touches nothing but 127.0.0.1: webfetch and curl get the
proxy, the proxy variables are removed from their environment, curl is limited to http and
https (--proto), and the proxy forwards nothing.

Usage: measure.py --webfetch PATH [--curl PATH] [--data urltestdata.json] [--list]
"""
import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading

C0_OR_SPACE = "".join(chr(i) for i in range(0x21))
SPECIAL = ("http", "https", "ws", "wss", "ftp")


class CaptureProxy:
    """Records request line and Host header; a page titled 'capture N' for GET, 403 for CONNECT."""

    def __init__(self):
        self.requests = []
        self.lock = threading.Lock()
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(128)
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    def serve(self, conn):
        with conn:
            conn.settimeout(10)
            head = b""
            try:
                while b"\r\n\r\n" not in head and len(head) < 65536:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    head += chunk
            except OSError:
                return
            lines = head.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
            host = next((l[5:].strip(" \t") for l in lines[1:] if l.lower().startswith("host:")), None)
            with self.lock:
                number = len(self.requests) + 1
                self.requests.append((lines[0], host))
            if lines[0].startswith("CONNECT "):
                response = b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            else:
                body = ("<!doctype html><title>capture %d</title>" % number).encode()
                response = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n"
                            b"Connection: close\r\n\r\n" % len(body)) + body
            try:
                conn.sendall(response)
            except OSError:
                pass

    def take(self):
        with self.lock:
            taken, self.requests = self.requests, []
            return taken

    def request(self, number):
        with self.lock:
            return self.requests[number - 1] if 0 < number <= len(self.requests) else None


def independent_of_base(text, base):
    if base is None:
        return True
    text = text.strip(C0_OR_SPACE).replace("\t", "").replace("\n", "").replace("\r", "")
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", text)
    if not match:
        return False
    scheme, base_scheme = match.group(1).lower(), base.split(":", 1)[0].lower()
    if scheme != base_scheme:
        return True
    rest = text[match.end():]
    return scheme not in SPECIAL or (len(rest) >= 2 and rest[0] in "/\\" and rest[1] in "/\\")


def request_url(entry):
    """The href without credentials and fragment."""
    credentials = ""
    if entry["username"] or entry["password"]:
        credentials = entry["username"] + (":" + entry["password"] if entry["password"] else "") + "@"
    href = entry["href"].split("#", 1)[0]
    prefix = len(entry["protocol"] + "//" + credentials + entry["host"])
    return entry["protocol"] + "//" + entry["host"] + href[prefix:]


def load(path):
    cases = []
    for number, entry in enumerate((e for e in json.load(open(path, encoding="utf-8")) if isinstance(e, dict)), 1):
        text = entry["input"]
        if not independent_of_base(text, entry.get("base")) or "\n" in text or "\r" in text:
            continue
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            continue  # a lone surrogate: no line of UTF-8 holds it
        trimmed = text.strip(C0_OR_SPACE)
        if not trimmed or trimmed[0] == "#":
            continue  # a blank or comment line, which is skipped
        protocol = None if entry.get("failure") else entry.get("protocol")
        if protocol == "http:":
            expected = ("GET", request_url(entry), entry["host"])
        elif protocol == "https:":
            expected = ("CONNECT", entry["hostname"] + ":" + (entry["port"] or "443"), None)
        else:
            expected = None
        cases.append({"number": number, "input": text, "line": trimmed, "expected": expected})
    return cases


def agrees(expected, requests):
    if expected is None:
        return not requests
    if len(requests) != 1:
        return False
    line, host = requests[0]
    method, target, expected_host = expected
    if line != "%s %s HTTP/1.1" % (method, target):
        return False
    return method == "CONNECT" or host == expected_host


def clean_environment():
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")}
    env["NO_COLOR"] = "1"
    return env


def run_webfetch(binary, lines, proxy, tmp):
    path = os.path.join(tmp, "input.txt")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(line + "\n" for line in lines))
    command = [binary] if not binary.endswith(".dll") else ["dotnet", binary]
    result = subprocess.run(command + ["run", path, "--proxy", "http://127.0.0.1:%d" % proxy.port, "--ordered", "--no-dedup",
                                       "--retries", "0", "-w", "2", "-q"],
                            capture_output=True, env=clean_environment(), timeout=600)
    return [json.loads(l) for l in result.stdout.decode("utf-8").splitlines() if l.strip()]


def measure_webfetch(binary, cases, proxy):
    """One run for the lines that cannot lead to a CONNECT (each request found by its page's title), one run each for the others."""
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        batch = [c for c in cases if not c["line"].lower().replace("\t", "").startswith("https:")]
        proxy.take()
        records = run_webfetch(binary, [c["line"] for c in batch], proxy, tmp)
        if len(records) != len(batch):
            sys.exit("webfetch gave %d records for %d lines" % (len(records), len(batch)))
        for case, record in zip(batch, records):
            title = record.get("title") or ""
            match = re.fullmatch(r"capture (\d+)", title)
            captured = proxy.request(int(match.group(1))) if match else None
            results[case["number"]] = agrees(case["expected"], [captured] if captured else [])
        unmatched = [r for r in proxy.take() if r[0].startswith("CONNECT ")]
        if unmatched:
            print("warning: %d CONNECT requests in the batch run could not be matched to a line" % len(unmatched), file=sys.stderr)
        for case in cases:
            if case["number"] in results:
                continue
            run_webfetch(binary, [case["line"]], proxy, tmp)
            results[case["number"]] = agrees(case["expected"], proxy.take())
    return results


def measure_curl(curl, cases, proxy):
    results = {}
    for case in cases:
        proxy.take()
        if "\0" in case["line"]:
            results[case["number"]] = case["expected"] is None  # argv cannot hold it: nothing is requested
            continue
        subprocess.run([curl, "-sS", "-o", "/dev/null", "--max-time", "5", "--proto", "=http,https", "--proto-redir", "=http,https",
                        "-x", "http://127.0.0.1:%d" % proxy.port, "--path-as-is", case["line"]],
                       capture_output=True, env=clean_environment(), timeout=30)
        results[case["number"]] = agrees(case["expected"], proxy.take())
    return results


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--webfetch", required=True, help="webfetch executable (or webfetch.dll)")
    parser.add_argument("--curl", default="curl")
    parser.add_argument("--data", default=os.path.join(here, "..", "..", "WebFetch.Tests", "Urls", "Data", "urltestdata.json"))
    parser.add_argument("--list", action="store_true", help="list the entries each tool disagrees on")
    parser.add_argument("--no-curl", action="store_true")
    args = parser.parse_args()

    cases = load(args.data)
    proxy = CaptureProxy()
    tools = {"webfetch": measure_webfetch(args.webfetch, cases, proxy)}
    if not args.no_curl:
        tools["curl"] = measure_curl(args.curl, cases, proxy)
    groups = {
        "http URL": [c for c in cases if c["expected"] and c["expected"][0] == "GET"],
        "https URL": [c for c in cases if c["expected"] and c["expected"][0] == "CONNECT"],
        "not an http(s) URL": [c for c in cases if c["expected"] is None],
    }
    for name, results in tools.items():
        agreed = sum(results.values())
        print("%-8s %d of %d agree" % (name, agreed, len(cases)), end="")
        print(" (" + ", ".join("%s: %d of %d" % (g, sum(results[c["number"]] for c in members), len(members))
                               for g, members in groups.items()) + ")")
        if args.list:
            for case in cases:
                if not results[case["number"]]:
                    print("  #%d %s" % (case["number"], json.dumps(case["input"])))


if __name__ == "__main__":
    main()
