"""The Junk spans the specification's reference parser (python's fluent.syntax) finds.

Reads a JSON list of Fluent texts on stdin and writes, for each, the list of its Junk
entries as [start, end] UTF-8 byte offsets. Used by tests/it/fluent_spec.rs.
"""
import json
import sys

from fluent.syntax import FluentParser
from fluent.syntax.ast import Junk

parser = FluentParser(with_spans=True)
out = []
for text in json.load(sys.stdin):
    def byte(i, text=text):
        return len(text[:i].encode("utf-8"))
    out.append(
        [[byte(e.span.start), byte(e.span.end)] for e in parser.parse(text).body if isinstance(e, Junk)]
    )
json.dump(out, sys.stdout)
