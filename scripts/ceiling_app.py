"""The ceiling for the benchmark: a WSGI app that answers each path with bytes captured
from the real site, doing nothing else, under the same server and settings."""

import json
import os
from pathlib import Path

PAGES = json.loads(Path(os.environ["CEILING_PAGES"]).read_text())
BODIES = {path: (page["content_type"], page["body"].encode()) for path, page in PAGES.items()}


def application(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    query = environ.get("QUERY_STRING", "")
    content_type, body = BODIES.get(f"{path}?{query}" if query else path, ("text/plain", b""))
    start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]
