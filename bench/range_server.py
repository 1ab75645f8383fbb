"""A static HTTP server for the benchmarks that answers `Range: bytes=FIRST-LAST` requests
(one range, 206 Partial Content) as web servers and CDNs do, and appends `PATH BYTES` to
the file LOG for each body it sends, so that a benchmark counts what a client fetched.

usage: python3 range_server.py DIR PORT LOG
"""

import http.server
import os
import re
import sys

ROOT, PORT, LOG = sys.argv[1], int(sys.argv[2]), sys.argv[3]


class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=ROOT, **kwargs)

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.translate_path(self.path)
        if not os.path.isfile(path):
            return super().do_GET()
        total = os.path.getsize(path)
        first, last = 0, total - 1
        status = 200
        match = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", ""))
        if match:
            a, b = match.groups()
            if a:
                first, last = int(a), min(int(b), total - 1) if b else total - 1
            else:
                first, last = max(total - int(b), 0), total - 1
            if first > last:
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{total}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = 206
        self.send_response(status)
        if status == 206:
            self.send_header("Content-Range", f"bytes {first}-{last}/{total}")
        self.send_header("Content-Length", str(last - first + 1))
        self.end_headers()
        left = last - first + 1
        with open(path, "rb") as f:
            f.seek(first)
            while left:
                piece = f.read(min(left, 1 << 20))
                if not piece:
                    break
                self.wfile.write(piece)
                left -= len(piece)
        with open(LOG, "a") as log:
            log.write(f"{self.path} {last - first + 1 - left}\n")


http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
