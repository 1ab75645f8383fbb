#!/usr/bin/env python3
"""Writes a tree like an application with its dependencies: FILES small source files of
varied sizes in nested folders (about 1.1 KB each on average: 90,000 files are about
100 MB), the same bytes on every run (seeded). usage: small-files.py DIR [FILES]"""
import os
import random
import sys

root = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 90_000
rng = random.Random(20261207)
words = ("fn", "let", "mut", "impl", "struct", "enum", "match", "return", "self", "use",
         "pub", "mod", "where", "async", "await", "trait", "const", "static", "type")
for i in range(count):
    package = f"pkg{i // 900:03d}"
    folder = f"{root}/node_modules/{package}/src/{(i // 30) % 30:02d}"
    os.makedirs(folder, exist_ok=True)
    size = int(min(16_000, rng.lognormvariate(6.6, 0.8)))
    lines = []
    written = 0
    while written < size:
        line = " ".join(rng.choice(words) for _ in range(rng.randrange(3, 12))) + ";\n"
        lines.append(line)
        written += len(line)
    with open(f"{folder}/file{i:05d}.rs", "w") as f:
        f.write("".join(lines))
