"""A calendar source's server in a test: a ThreadingHTTPServer on 127.0.0.1, in a thread, that
answers each path as a test says (a route) and notes what it was asked; and the VTIMEZONE such
servers send (Google's and Nextcloud's, for Europe/Stockholm)."""

from __future__ import annotations

import contextlib
import http.server
import threading
from dataclasses import dataclass, field
from typing import Callable, Iterator


STOCKHOLM_VTIMEZONE = """\
BEGIN:VTIMEZONE
TZID:Europe/Stockholm
X-LIC-LOCATION:Europe/Stockholm
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


@dataclass
class Received:
    path: str
    headers: dict[str, str]


Route = Callable[["Handler"], None]


@dataclass
class Site:
    """What the server answers (a route per path) and what it was asked."""

    port: int = 0
    routes: dict[str, Route] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    released: threading.Event = field(default_factory=threading.Event)
    """Set at the end of a test: a route that waits on it stops waiting."""
    sent: dict[str, int] = field(default_factory=dict)
    """Bytes of a body a streaming route got out before the fetcher hung up."""
    streams_done: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def asked(self, path: str) -> list[Received]:
        return [request for request in self.received if request.path == path]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: http.server.ThreadingHTTPServer

    def do_GET(self) -> None:
        site: Site = self.server.site
        site.received.append(Received(self.path, {name.lower(): value for name, value in self.headers.items()}))
        route = site.routes.get(self.path)
        if route is None:
            answer(self, 404, b"no such route")
        else:
            route(self)

    def log_message(self, *args) -> None:
        pass


def answer(handler: Handler, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
           reason: str | None = None) -> None:
    handler.send_response(status, reason)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def serves(body: bytes, status: int = 200, **headers: str) -> Route:
    return lambda handler: answer(handler, status, body, {name.replace("_", "-"): value for name, value in headers.items()})


def redirect(status: int, location: str) -> Route:
    return lambda handler: answer(handler, status, b"moved", {"Location": location})


@contextlib.contextmanager
def serving() -> Iterator[Site]:
    """A server on 127.0.0.1 for the length of the block; its routes start empty."""
    state = Site()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.site = state
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.released.set()
        server.shutdown()
        server.server_close()
