#!/usr/bin/env python3
"""Times `alliance lsp` as an editor sees it (issue 28): the diagnostics of one file after
it is opened (the first: the workspace is loaded then) and after each change (the
re-check of one file as the translator types), on a workspace given as argument (the
Thunderbird corpus in bench/lsp.sh). Prints the median, min and max of the re-checks.

usage: bench/lsp.py ALLIANCE WORKSPACE FILE [CHANGES]
"""
import json
import statistics
import subprocess
import sys
import time


def main():
    alliance, root, path = sys.argv[1:4]
    changes = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    server = subprocess.Popen([alliance, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def send(message):
        body = json.dumps(message).encode()
        server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        server.stdin.flush()

    def receive():
        length = None
        while True:
            line = server.stdout.readline()
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(server.stdout.read(length))

    def diagnostics(uri):
        while True:
            message = receive()
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                return message["params"]["diagnostics"]

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    receive()
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    uri = "file://" + path
    text = open(path, encoding="utf-8").read()
    start = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "fluent", "version": 1, "text": text}}})
    found = diagnostics(uri)
    opened = time.perf_counter() - start
    times = []
    for version in range(2, changes + 2):
        edited = text + f"\nbench-added-{version} = Text {{ $x }}\n"
        start = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didChange",
              "params": {"textDocument": {"uri": uri, "version": version},
                         "contentChanges": [{"text": edited}]}})
        diagnostics(uri)
        times.append(time.perf_counter() - start)
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
    receive()
    send({"jsonrpc": "2.0", "method": "exit", "params": None})
    server.wait(timeout=30)
    print(f"{path}: {len(found)} diagnostics; first open {opened * 1000:.0f} ms (loads the workspace)")
    print(f"re-check after a change, {changes} changes: median {statistics.median(times) * 1000:.1f} ms, "
          f"min {min(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms")


main()
