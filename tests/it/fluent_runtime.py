"""Messages formatted by python's fluent.runtime, the parity reference of alliance's formatter.

Reads a JSON list of cases ({"locale", "ftl", "id", "args"}) on stdin and writes, for each,
the formatted text (isolation off) or null when the runtime raised. Used by
tests/it/fluent_parity.rs.
"""
import json
import sys

from fluent.runtime import FluentBundle, FluentResource

out = []
bundles = {}
for case in json.load(sys.stdin):
    key = (case["locale"], case["ftl"])
    if key not in bundles:
        bundle = FluentBundle([case["locale"]], use_isolating=False)
        bundle.add_resource(FluentResource(case["ftl"]))
        bundles[key] = bundle
    bundle = bundles[key]
    try:
        name, _, attribute = case["id"].partition(".")
        message = bundle.get_message(name)
        pattern = message.attributes[attribute] if attribute else message.value
        text, errors = bundle.format_pattern(pattern, case["args"])
        out.append(text)
    except Exception:  # noqa: BLE001 - a runtime that raises is a result too
        out.append(None)
json.dump(out, sys.stdout)
