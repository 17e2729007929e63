"""External link checking: concurrent HTTP requests with httpx, opt-in only.

Nothing here runs unless ``[links] external = true`` or ``--external`` is
given. Each unique URL is checked once per run: HEAD first, GET when HEAD is
refused; retries with backoff on 429 and 5xx (``Retry-After`` honoured); a
limit of concurrent requests per host; results kept in an on-disk cache for
``cache-max-age`` seconds. httpx is an optional dependency (``postlint[links]``).

What is never reached: private, loopback, link-local and reserved
addresses, unless allowed, however they are written (``localhost.``,
``127.1``, a name that resolves to one) and wherever they come from (a
redirect is followed by hand, each target checked like the first URL). The
check that counts is at connection time: names are resolved once, every
address checked, and the connection made to a checked address (no DNS
rebinding). Bodies are never read (the response is closed after its
headers, nothing is decompressed); each URL has a wall-clock deadline over
all its attempts and redirects (a server trickling bytes never trips the
per-read timeout), and so does the whole pass.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import re
import socket
import sys
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

__all__ = ["CheckSettings", "Outcome", "ExternalChecker", "is_private_host"]

#: statuses of a permanent redirect (reported with the new URL).
PERMANENT = (301, 308)
_CACHED = ("ok", "broken", "redirect")


@dataclass(frozen=True)
class CheckSettings:
    timeout: float = 10.0
    retries: int = 2
    per_host: int = 4
    concurrency: int = 32
    accept: tuple[int, ...] = (401, 403)
    exclude: tuple[str, ...] = ()
    cache_path: Path | None = None
    cache_max_age: float = 86400.0
    allow_private: bool = False
    backoff: float = 0.5  # first retry delay, doubled each time
    max_retry_after: float = 30.0
    progress: bool | None = None  # None: when stderr is a terminal
    #: wall-clock bounds: one URL (all its attempts and redirects: a server
    #: that trickles bytes never hits the per-read ``timeout``), the whole pass.
    url_deadline: float = 60.0
    pass_deadline: float = 600.0
    max_redirects: int = 10


@dataclass
class Outcome:
    """What an URL answered: ``ok``, ``broken`` (an HTTP error status),
    ``redirect`` (moved permanently to ``location``), ``timeout``, ``error``
    (no answer: DNS, connection, TLS) or ``skipped`` (private address,
    excluded)."""

    url: str
    status: str
    code: int | None = None
    location: str | None = None
    detail: str = ""
    checked: float = field(default_factory=time.time)


def is_private_host(host: str) -> bool | None:
    """True for private, loopback, link-local or reserved IP literals and
    ``localhost``; None when ``host`` is a name that needs resolving."""
    name = host.strip("[]").lower().rstrip(".")  # "localhost." is localhost
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return None
    return _private(address)


def _private(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return bool(address.is_private or address.is_loopback or address.is_link_local
                or address.is_reserved or address.is_multicast or address.is_unspecified)


class ExternalChecker:
    """Checks a set of URLs; ``requests`` counts the HTTP requests made."""

    def __init__(self, settings: CheckSettings) -> None:
        self.settings = settings
        self.requests = 0
        self._cache = self._load_cache()
        self._excluded = [re.compile(p) for p in settings.exclude]

    # -- cache ------------------------------------------------------------------------
    def _load_cache(self) -> dict[str, dict[str, Any]]:
        path = self.settings.cache_path
        if path is None or not path.is_file():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _fresh(self, url: str) -> Outcome | None:
        entry = self._cache.get(url)
        if not isinstance(entry, dict):
            return None
        if time.time() - float(entry.get("checked", 0)) > self.settings.cache_max_age:
            return None
        try:
            return Outcome(**entry)
        except TypeError:
            return None

    def _save_cache(self, results: dict[str, Outcome]) -> None:
        path = self.settings.cache_path
        if path is None:
            return
        for url, outcome in results.items():
            if outcome.status in _CACHED:
                self._cache[url] = asdict(outcome)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self._cache, ensure_ascii=False), encoding="utf-8")
            tmp.replace(path)
        except OSError:
            pass  # a cache that cannot be written only costs time

    # -- running -----------------------------------------------------------------------
    def check(self, urls: Iterable[str]) -> dict[str, Outcome]:
        """Outcome of every unique URL (fragments ignored)."""
        unique = list(dict.fromkeys(u.split("#", 1)[0] for u in urls))
        results: dict[str, Outcome] = {}
        todo: list[str] = []
        for url in unique:
            if any(p.search(url) for p in self._excluded):
                results[url] = Outcome(url, "skipped", detail="excluded")
                continue
            cached = self._fresh(url)
            if cached is not None:
                results[url] = cached
            else:
                todo.append(url)
        if todo:
            results.update(asyncio.run(self._run(todo)))
            self._save_cache(results)
        return results

    async def _run(self, urls: list[str]) -> dict[str, Outcome]:
        import httpx

        limits = httpx.Limits(max_connections=self.settings.concurrency,
                              max_keepalive_connections=self.settings.concurrency)
        timeout = httpx.Timeout(self.settings.timeout)
        self._global = asyncio.Semaphore(self.settings.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        done = 0
        show = self.settings.progress if self.settings.progress is not None else sys.stderr.isatty()
        # bodies are never read (a status is all a link check needs), so none is decompressed either
        headers = {"User-Agent": "postlint link checker", "Accept-Encoding": "identity"}
        transport = httpx.AsyncHTTPTransport(limits=limits, trust_env=False)
        guard_connections(transport, self)
        async with httpx.AsyncClient(timeout=timeout, follow_redirects=False, headers=headers, trust_env=False,
                                     transport=transport) as client:
            async def one(url: str) -> Outcome:
                nonlocal done
                try:
                    outcome = await asyncio.wait_for(self._check_one(client, url), self.settings.url_deadline)
                except asyncio.TimeoutError:
                    outcome = Outcome(url, "timeout", detail=f"{self.settings.url_deadline:g} s in all")
                done += 1
                if show:
                    sys.stderr.write(f"\rchecking external links: {done}/{len(urls)}")
                    sys.stderr.flush()
                return outcome

            tasks = {url: asyncio.ensure_future(one(url)) for url in urls}
            _done, late = await asyncio.wait(tasks.values(), timeout=self.settings.pass_deadline)
            for task in late:
                task.cancel()
            if late:
                await asyncio.gather(*late, return_exceptions=True)
        if show:
            sys.stderr.write("\n")
        outcomes: dict[str, Outcome] = {}
        for url, task in tasks.items():
            if task.cancelled() or task.exception() is not None:
                outcomes[url] = Outcome(url, "timeout", detail=f"the pass's {self.settings.pass_deadline:g} s ran out")
            else:
                outcomes[url] = task.result()
        return outcomes

    async def _check_one(self, client: Any, url: str) -> Outcome:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or not host:
            return Outcome(url, "skipped", detail="not http")
        if await self._is_private(host):
            return Outcome(url, "skipped", detail="private address")
        semaphore = self._hosts.setdefault(host, asyncio.Semaphore(self.settings.per_host))
        async with self._global, semaphore:
            return await self._follow(client, url)

    async def _is_private(self, host: str) -> bool:
        """Whether ``host`` is, or resolves to, a refused address (the
        connection itself is checked again: see :func:`guard_connections`)."""
        if self.refuses_nothing():
            return False  # no look-up needed
        name = host.strip("[]").lower().rstrip(".")
        if is_private_host(name) is not None:
            literal = name if name not in ("localhost",) and not name.endswith(".localhost") else "127.0.0.1"
            return self.refused(literal)
        addresses = await self.resolve(name, None)
        return any(self.refused(a) for a in addresses)  # unresolvable: the request reports it

    async def resolve(self, host: str, port: int | None) -> list[str]:
        """The addresses a name resolves to (none when it does not)."""
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError:
            return []
        return list(dict.fromkeys(str(info[4][0]).split("%", 1)[0] for info in infos))

    def refuses_nothing(self) -> bool:
        return self.settings.allow_private

    def refused(self, address: str) -> bool:
        """Whether a connection to this IP address is refused."""
        try:
            return not self.settings.allow_private and _private(ipaddress.ip_address(address))
        except ValueError:
            return True

    async def _follow(self, client: Any, url: str) -> Outcome:
        """Requests ``url`` and the redirects it answers, each target checked
        as the first URL (a public page may redirect to a private one)."""
        from urllib.parse import urljoin

        current, first_code = url, None
        for _hop in range(self.settings.max_redirects + 1):
            code, location, detail = await self._request(client, current)
            if code is None:
                return Outcome(url, detail[0], detail=detail[1])
            if not (300 <= code < 400 and location):
                return self._outcome(url, code, first_code, current)
            first_code = first_code or code
            current = urljoin(current, location)
            parts = urlsplit(current)
            host = (parts.hostname or "").lower()
            if parts.scheme not in ("http", "https") or not host:
                return Outcome(url, "error", detail="redirected to a non-http address")
            if await self._is_private(host):
                return Outcome(url, "skipped", detail="redirected to a private address")
        return Outcome(url, "error", detail=f"more than {self.settings.max_redirects} redirects")

    async def _request(self, client: Any, url: str) -> tuple[int | None, str | None, tuple[str, str]]:
        """``(status, Location, _)`` of one URL (HEAD, else GET; retries), or
        ``(None, None, (outcome status, detail))`` when nothing answered.
        The body is never read: the response is closed after its headers."""
        import httpx

        method = "HEAD"
        attempt = 0
        while True:
            try:
                self.requests += 1
                async with client.stream(method, url) as response:
                    code, location = response.status_code, response.headers.get("Location")
                    delay = self._delay(response, attempt + 1)
            except httpx.TimeoutException:
                return None, None, ("timeout", f"{self.settings.timeout:g} s")
            except PrivateAddress:
                return None, None, ("skipped", "private address")
            except (httpx.HTTPError, OSError) as exc:
                return None, None, ("error", type(exc).__name__)
            if method == "HEAD" and code >= 400 and code != 429 and code < 500:
                method = "GET"  # some servers refuse HEAD: GET is the authority
                continue
            if (code == 429 or code >= 500) and attempt < self.settings.retries:
                attempt += 1
                await asyncio.sleep(delay)
                continue
            return code, location, ("", "")

    def _delay(self, response: Any, attempt: int) -> float:
        given = response.headers.get("Retry-After")
        if given:
            try:
                seconds = float(given)
            except ValueError:
                try:
                    seconds = parsedate_to_datetime(given).timestamp() - time.time()
                except (TypeError, ValueError):
                    seconds = 0.0
            return float(max(0.0, min(seconds, self.settings.max_retry_after)))
        return float(self.settings.backoff * (2 ** (attempt - 1)))

    def _outcome(self, url: str, code: int, first_code: int | None, final: str) -> Outcome:
        moved = final if first_code in PERMANENT else None
        if 200 <= code < 300 or code in self.settings.accept:
            if moved and moved != url:
                return Outcome(url, "redirect", code, location=moved)
            return Outcome(url, "ok", code)
        return Outcome(url, "broken", code)


# -- connections ------------------------------------------------------------------------

class PrivateAddress(OSError):
    """A connection to a refused address was not made."""


def guard_connections(transport: Any, checker: ExternalChecker) -> None:
    """Make every connection of ``transport`` go to an address the checker
    accepts: the name is resolved here, each address checked, and the
    connection made to a checked address (so a name that resolves to a
    private address later, DNS rebinding, cannot slip through). Checking
    the URL's host alone is not enough: what counts is where we connect."""
    pool = getattr(transport, "_pool", None)
    inner = getattr(pool, "_network_backend", None)
    if pool is None or inner is None:  # pragma: no cover - another httpx: the connected address is still checked below
        return
    pool._network_backend = _GuardedBackend(inner, checker)


class _GuardedBackend:
    """An httpcore network backend that connects only to accepted addresses."""

    def __init__(self, inner: Any, checker: ExternalChecker) -> None:
        self.inner = inner
        self.checker = checker

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                          socket_options: Any = None) -> Any:
        name = host.strip("[]").rstrip(".")
        try:
            addresses = [str(ipaddress.ip_address(name))]
        except ValueError:
            addresses = await self.checker.resolve(name, port)
        if not addresses:
            raise ConnectionError(f"cannot resolve {host}")
        if any(self.checker.refused(a) for a in addresses):
            raise PrivateAddress(f"{host}: private address")
        stream = await self.inner.connect_tcp(addresses[0], port, timeout=timeout, local_address=local_address,
                                              socket_options=socket_options)
        peer = stream.get_extra_info("server_addr")
        if isinstance(peer, tuple) and peer and self.checker.refused(str(peer[0])):
            await stream.aclose()
            raise PrivateAddress(f"{host}: private address")
        return stream

    def __getattr__(self, name: str) -> Any:  # sleep, connect_unix_socket...
        return getattr(self.inner, name)
