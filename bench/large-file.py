#!/usr/bin/env python3
"""Writes one large compressible file like a data export or a log: MB megabytes (default
1,200) of log lines, the same bytes on every run (seeded). A 64 MB block of lines is
written again and again: deflate's 32 KB window never sees that it repeats, so it costs
and compresses as unique text does. usage: large-file.py PATH [MB]"""
import random
import sys

path = sys.argv[1]
megabytes = int(sys.argv[2]) if len(sys.argv) > 2 else 1200
rng = random.Random(20261207)
words = ("request", "session", "cache", "miss", "hit", "user", "login", "sync", "mail",
         "folder", "message", "timeout", "retry", "queue", "worker", "flush", "commit")
lines = []
size = 0
block = 64 * 1000 * 1000
while size < block:
    line = "2026-12-07T%02d:%02d:%02d.%03d %s[%d]: %s %s %s id=%08x took %d ms\n" % (
        rng.randrange(24), rng.randrange(60), rng.randrange(60), rng.randrange(1000),
        rng.choice(("smtpd", "imapd", "sparkd", "indexer")), rng.randrange(30000),
        rng.choice(words), rng.choice(words), rng.choice(words),
        rng.getrandbits(32), rng.randrange(5000))
    lines.append(line)
    size += len(line)
data = "".join(lines).encode()
total = megabytes * 1000 * 1000
with open(path, "wb") as f:
    written = 0
    while written < total:
        piece = data[: total - written]
        f.write(piece)
        written += len(piece)
