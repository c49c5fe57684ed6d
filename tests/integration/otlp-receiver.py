#!/usr/bin/env python3
"""A small OTLP/HTTP receiver for the integration tests.

Usage: otlp-receiver.py PORTFILE LOGFILE MODE [PORT]
Binds 127.0.0.1 on PORT (default: a free one), writes the port to PORTFILE, and logs every
request as one JSON line to LOGFILE: {"path", "headers", "status", "body"}
(body: the parsed JSON, or null when it was not JSON). MODE:
  ok        answer 200 {} to everything
  503xN     answer 503 to the first N requests, then 200
  slow      accept, read the request, answer nothing for 30 s
  garbage   answer bytes that are not HTTP, then close
"""
import http.server
import json
import os
import socketserver
import sys
import threading
import time

portfile, logfile, mode = sys.argv[1], sys.argv[2], sys.argv[3]
lock = threading.Lock()
count = 0


def log(entry):
    with lock, open(logfile, "a", encoding="utf-8") as f:
        f.write(json.dumps(entry) + "\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        global count
        n = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(n)
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        with lock:
            count += 1
            seq = count
        status = 200
        if mode.startswith("503x") and seq <= int(mode[4:]):
            status = 503
        entry = {"path": self.path, "headers": dict(self.headers.items()), "status": status,
                 "body": body, "bytes": len(raw)}
        if mode == "slow":
            log(dict(entry, status=0))
            time.sleep(30)
            return
        if mode == "garbage":
            log(dict(entry, status=-1))
            self.wfile.write(b"\x00\x01garbage that is not HTTP\r\n\r\n")
            self.wfile.flush()
            self.close_connection = True
            return
        log(entry)
        reply = b"{}" if status == 200 else b'{"code":14,"message":"try later"}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        if status == 503:
            self.send_header("Retry-After", "0")
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


srv = Server(("127.0.0.1", int(sys.argv[4]) if len(sys.argv) > 4 else 0), Handler)
tmp = portfile + ".tmp"
with open(tmp, "w", encoding="utf-8") as f:
    f.write(str(srv.server_address[1]))
os.rename(tmp, portfile)
srv.serve_forever()
