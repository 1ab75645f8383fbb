#!/usr/bin/env python3
"""Writes a synthetic alliance workspace for benchmarking `alliance l10n check`.

usage: generate-workspace.py DIR [LOCALES] [MESSAGES]   (defaults: 100 locales, 2000 messages)

The reference (en-US) has MESSAGES messages spread over 20 files in nested folders: plain
text, variables, plural selects, attributes and term references. Each locale translates
about 90% of them and carries a few planted problems (unknown variables, missing
attributes), so that the checker has real work to report. Deterministic: same arguments,
same files.
"""
import os
import random
import sys

out = sys.argv[1]
locale_count = int(sys.argv[2]) if len(sys.argv) > 2 else 100
message_count = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
files = 20
rng = random.Random(1995)

LANGUAGES = ["af", "ar", "be", "bg", "br", "ca", "cs", "cy", "da", "de", "el", "eo", "es", "et", "eu",
             "fa", "fi", "fr", "ga", "gd", "gl", "he", "hi", "hr", "hu", "hy", "id", "is", "it", "ja",
             "ka", "kk", "km", "ko", "lt", "lv", "mk", "ml", "mn", "mr", "ms", "my", "nb", "ne", "nl",
             "nn", "pa", "pl", "pt", "ro", "ru", "si", "sk", "sl", "sq", "sr", "sv", "sw", "ta", "te",
             "th", "tr", "uk", "ur", "uz", "vi", "zh", "zu"]
REGIONS = ["", "-BR", "-PT", "-TW", "-CN", "-MX", "-AR", "-CA", "-GB", "-IN", "-ES"]
tags = []
for i in range(locale_count):
    tag = LANGUAGES[i % len(LANGUAGES)] + REGIONS[(i // len(LANGUAGES)) % len(REGIONS)]
    tags.append(tag)

WORDS = "spark message contact network file folder transfer window setting account server status".split()


def text(n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def message(i, translated):
    mark = "ü" if translated else ""
    kind = i % 5
    mid = f"msg-{i:05d}"
    if kind == 0:
        return f"{mid} = {text(6)}{mark}\n"
    if kind == 1:
        return f"{mid} = {text(3)}{mark} {{ $name }} {text(3)}\n"
    if kind == 2:
        return (f"{mid} =\n    {{ $count ->\n        [one] One {WORDS[i % 12]}{mark}\n"
                f"       *[other] {{ $count }} {WORDS[i % 12]}s{mark}\n    }}\n")
    if kind == 3:
        return f"{mid} =\n    .label = {text(2)}{mark}\n    .accesskey = S\n"
    return f"{mid} = {text(4)}{mark} {{ -brand }}\n"


def write(path, content):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(content)


def resource(tag, translated_share):
    bodies = {k: [] for k in range(files)}
    for i in range(message_count):
        present = tag == "en-US" or rng.random() < translated_share
        if present:
            body = message(i, tag != "en-US")
            if tag != "en-US" and rng.random() < 0.002:
                body = body.replace("{ $name }", "{ $nmae }")
            bodies[i % files].append(body)
    for k in range(files):
        rel = f"app/part{k // 5}/file{k:02d}.ftl"
        head = "-brand = Spark\n" if k == 0 else ""
        write(os.path.join(out, "locales", tag, rel), head + "".join(bodies[k]))


write(os.path.join(out, "alliance.yaml"), 'release: "bench"\nreference_locale: en-US\n')
resource("en-US", 1.0)
for tag in tags:
    resource(tag, 0.9)
print(f"{out}: en-US and {len(tags)} locales, {message_count} messages each")
