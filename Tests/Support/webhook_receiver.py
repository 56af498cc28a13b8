#!/usr/bin/env python3
"""A real webhook receiver for the tests and the benchmark.

Answers each POST with the status configured for its path (default 204), optionally with
Retry-After, verifies the Standard Webhooks signature with the `standardwebhooks` package
against every secret configured for the path, and appends one JSON line per request to
the log. The config file is re-read on every request, so a test can change it live:
{"status": {"/path": 500}, "retry_after": {"/path": "2"}, "secrets": {"/path": ["whsec_…"]}}
Usage: webhook_receiver.py PORT CONFIG LOG
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook

port, config_path, log_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
log = open(log_path, "a", buffering=1)


def config():
    try:
        with open(config_path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("content-length", "0"))
        body = self.rfile.read(length)
        settings = config()
        headers = {k.lower(): v for k, v in self.headers.items()}
        verified = []
        for secret in settings.get("secrets", {}).get(self.path, []):
            try:
                Webhook(secret).verify(body, headers)
                verified.append(True)
            except Exception:
                verified.append(False)
        log.write(json.dumps({
            "path": self.path,
            "webhook_id": headers.get("webhook-id"),
            "timestamp": headers.get("webhook-timestamp"),
            "signature": headers.get("webhook-signature"),
            "content_type": headers.get("content-type"),
            "body": body.decode("utf-8"),
            "verified": verified,
        }) + "\n")
        status = int(settings.get("status", {}).get(self.path, 204))
        self.send_response(status)
        retry_after = settings.get("retry_after", {}).get(self.path)
        if retry_after:
            self.send_header("Retry-After", retry_after)
        reply = b"" if status == 204 else b'{"received": true}'
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
