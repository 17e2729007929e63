"""External link checking against a local server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("httpx")

from postlint.api import config_from_table, lint_paths
from postlint.site.external import CheckSettings, ExternalChecker, is_private_host


class Handler(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        count = Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
        if self.path == "/ok":
            self._send(200)
        elif self.path == "/missing":
            self._send(404)
        elif self.path == "/old":
            self._send(301, {"Location": "/new"})
        elif self.path == "/new":
            self._send(200)
        elif self.path == "/busy":
            self._send(429, {"Retry-After": "0"}) if count == 1 else self._send(200)
        elif self.path == "/slow":
            time.sleep(1.0)
            self._send(200)
        elif self.path == "/no-head":
            self._send(405 if self.command == "HEAD" else 200)
        else:
            self._send(500)

    def _send(self, code: int, headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture()
def server() -> Iterator[str]:
    Handler.hits = {}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def checker(**kw: object) -> ExternalChecker:
    settings = dict(timeout=0.5, allow_private=True, backoff=0.01, progress=False)
    settings.update(kw)
    return ExternalChecker(CheckSettings(**settings))  # type: ignore[arg-type]


def test_each_outcome(server: str) -> None:
    c = checker()
    paths = ["/ok", "/missing", "/old", "/busy", "/slow", "/no-head"]
    got = c.check([server + p for p in paths])
    status = {p: (got[server + p].status, got[server + p].code) for p in paths}
    assert status["/ok"] == ("ok", 200)
    assert status["/missing"] == ("broken", 404)
    assert status["/old"] == ("redirect", 200)
    assert got[server + "/old"].location == server + "/new"
    assert status["/busy"] == ("ok", 200) and Handler.hits["/busy"] == 2
    assert status["/slow"][0] == "timeout"
    assert status["/no-head"] == ("ok", 200)


def test_private_addresses_are_skipped_unless_allowed(server: str) -> None:
    c = checker(allow_private=False)
    assert c.check([server + "/ok"])[server + "/ok"].status == "skipped"
    assert c.requests == 0 and Handler.hits == {}
    assert is_private_host("10.1.2.3") and is_private_host("169.254.0.1") and is_private_host("localhost")
    assert is_private_host("93.184.216.34") is False


def test_each_url_once_and_cache(server: str, tmp_path: Path) -> None:
    cache = tmp_path / "links.json"
    first = checker(cache_path=cache)
    first.check([server + "/ok", server + "/ok#a", server + "/missing"])
    assert Handler.hits["/ok"] == 1
    second = checker(cache_path=cache)
    again = second.check([server + "/ok", server + "/missing"])
    assert second.requests == 0 and again[server + "/missing"].status == "broken"
    stale = checker(cache_path=cache, cache_max_age=0)
    stale.check([server + "/ok"])
    assert stale.requests == 1


def test_exclude_patterns(server: str) -> None:
    c = checker(exclude=(r"/missing$",))
    assert c.check([server + "/missing"])[server + "/missing"].status == "skipped"
    assert c.requests == 0


def test_rules_report_at_the_link_and_only_when_asked(server: str, tmp_path: Path) -> None:
    (tmp_path / "_posts").mkdir()
    body = f"[a]({server}/missing) et [b]({server}/old)\n"
    (tmp_path / "_posts" / "2020-01-01-a.md").write_text(f"---\ntitle: T\n---\n{body}", encoding="utf-8")
    quiet = lint_paths(config=config_from_table({}, tmp_path)).diagnostics
    assert not any(d.code in ("PL212", "PL213") for d in quiet) and Handler.hits == {}
    table = {"links": {"external": True, "allow-private": True, "cache": ""}}
    found = lint_paths(config=config_from_table(table, tmp_path)).diagnostics
    got = sorted((d.code, d.line, d.column) for d in found if d.code in ("PL212", "PL213"))
    assert got == [("PL212", 4, 5), ("PL213", 4, len(server) + 22)]
    moved = next(d for d in found if d.code == "PL213")
    assert moved.fix is not None and moved.fix.edits[0].replacement == server + "/new"


# -- what is never reached, and how long a check may take ---------------------------------------

class Redirects(BaseHTTPRequestHandler):
    """Answers every request with a redirect to ``target`` (set by the test)."""

    target = ""
    hits: list[str] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        Redirects.hits.append(self.path)
        self.send_response(302)
        self.send_header("Location", Redirects.target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD


class Slow(BaseHTTPRequestHandler):
    """``/trickle``: headers one byte at a time (each read well within the
    timeout); ``/huge``: a 1 GB body."""

    def log_message(self, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        try:
            if self.path.startswith("/trickle"):
                for byte in b"HTTP/1.1 200 OK\r\nX-Padding: " + b"x" * 200:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.05)
            else:
                self.send_response(200)
                self.send_header("Content-Length", str(10**9))
                self.end_headers()
                for _ in range(10**9 // 65536):
                    self.wfile.write(b"\0" * 65536)
        except OSError:
            pass  # the checker hung up: what it should do


def serve(handler: type[BaseHTTPRequestHandler], host: str = "127.0.0.1") -> tuple[ThreadingHTTPServer, str]:
    httpd = ThreadingHTTPServer((host, 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://{host}:{httpd.server_address[1]}"


class RefusesOne(ExternalChecker):
    """Private addresses allowed, except one: stands for "a public server
    and a private one" with two loopback addresses."""

    def __init__(self, refused: str, **kw: object) -> None:
        settings = dict(timeout=1.0, allow_private=True, backoff=0.01, progress=False)
        settings.update(kw)
        super().__init__(CheckSettings(**settings))  # type: ignore[arg-type]
        self._no = refused

    def refuses_nothing(self) -> bool:
        return False

    def refused(self, address: str) -> bool:
        return address == self._no


def test_a_redirect_to_a_refused_address_is_not_followed(server: str) -> None:
    Redirects.hits = []
    httpd, public = serve(Redirects)
    try:
        Redirects.target = server.replace("127.0.0.1", "127.0.0.2") + "/ok"
        c = RefusesOne("127.0.0.2")
        outcome = c.check([public + "/a"])[public + "/a"]
        assert (outcome.status, outcome.detail) == ("skipped", "redirected to a private address")
        assert Redirects.hits == ["/a"] and Handler.hits == {}
        Redirects.target = server + "/ok"  # the same redirect to an accepted address is followed
        assert c.check([public + "/b"])[public + "/b"].status == "ok" and Handler.hits == {"/ok": 1}
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize("host", ["localhost.", "LOCALHOST", "127.1", "[::ffff:127.0.0.1]"])
def test_loopback_written_otherwise_is_refused_by_default(server: str, host: str) -> None:
    url = server.replace("127.0.0.1", host) + "/ok"
    c = checker(allow_private=False)
    assert c.check([url])[url].status == "skipped"
    assert Handler.hits == {}


def test_what_counts_is_the_address_connected_to_not_the_url(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A name the first look-up says is public, then resolves to a refused
    address (DNS rebinding): the connection is never made."""
    c = checker(allow_private=False)

    async def looks_public(host: str) -> bool:
        return False

    monkeypatch.setattr(c, "_is_private", looks_public)
    url = server.replace("127.0.0.1", "localhost") + "/ok"
    outcome = c.check([url])[url]
    assert (outcome.status, outcome.detail) == ("skipped", "private address")
    assert Handler.hits == {}


def test_bodies_are_not_read_and_every_url_and_pass_has_a_deadline() -> None:
    httpd, slow = serve(Slow)
    try:
        c = checker(timeout=1.0, url_deadline=1.0, pass_deadline=30.0)
        start = time.perf_counter()
        got = c.check([slow + "/huge", slow + "/trickle"])
        took = time.perf_counter() - start
        assert got[slow + "/huge"].status == "ok"  # 1 GB announced, answered from its headers
        assert (got[slow + "/trickle"].status, got[slow + "/trickle"].detail) == ("timeout", "1 s in all")
        assert took < 5
        c = checker(timeout=1.0, url_deadline=60.0, pass_deadline=1.0)
        start = time.perf_counter()
        late = c.check([slow + "/trickle", slow + "/trickle/2"])
        assert time.perf_counter() - start < 5
        assert {o.status for o in late.values()} == {"timeout"}
    finally:
        httpd.shutdown()
        httpd.server_close()
