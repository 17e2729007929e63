"""External link checking: concurrent HTTP requests with httpx, opt-in only.

Nothing here runs unless ``[links] external = true`` or ``--external`` is
given. Each unique URL is checked once per run: HEAD first, GET when HEAD is
refused; retries with backoff on 429 and 5xx (``Retry-After`` honoured); a
limit of concurrent requests per host; results kept in an on-disk cache for
``cache-max-age`` seconds. Private, loopback and link-local addresses are
skipped unless allowed. httpx is an optional dependency (``postlint[links]``).
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
    name = host.strip("[]").lower()
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
        headers = {"User-Agent": "postlint link checker"}
        async with httpx.AsyncClient(limits=limits, timeout=timeout, follow_redirects=True,
                                     headers=headers, trust_env=False) as client:
            async def one(url: str) -> Outcome:
                nonlocal done
                outcome = await self._check_one(client, url)
                done += 1
                if show:
                    sys.stderr.write(f"\rchecking external links: {done}/{len(urls)}")
                    sys.stderr.flush()
                return outcome

            outcomes = await asyncio.gather(*(one(u) for u in urls))
        if show:
            sys.stderr.write("\n")
        return {o.url: o for o in outcomes}

    async def _check_one(self, client: Any, url: str) -> Outcome:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or not host:
            return Outcome(url, "skipped", detail="not http")
        if not self.settings.allow_private and await self._is_private(host):
            return Outcome(url, "skipped", detail="private address")
        semaphore = self._hosts.setdefault(host, asyncio.Semaphore(self.settings.per_host))
        async with self._global, semaphore:
            return await self._request(client, url)

    async def _is_private(self, host: str) -> bool:
        known = is_private_host(host)
        if known is not None:
            return known
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except OSError:
            return False  # unresolvable: the request reports it
        addresses = {str(info[4][0]) for info in infos}
        return any(_private(ipaddress.ip_address(a.split("%", 1)[0])) for a in addresses)

    async def _request(self, client: Any, url: str) -> Outcome:
        import httpx

        method = "HEAD"
        attempt = 0
        while True:
            try:
                self.requests += 1
                response = await client.request(method, url)
            except httpx.TimeoutException:
                return Outcome(url, "timeout", detail=f"{self.settings.timeout:g} s")
            except httpx.HTTPError as exc:
                return Outcome(url, "error", detail=type(exc).__name__)
            code = response.status_code
            if method == "HEAD" and code >= 400 and code != 429 and code < 500:
                method = "GET"  # some servers refuse HEAD: GET is the authority
                continue
            if (code == 429 or code >= 500) and attempt < self.settings.retries:
                attempt += 1
                await asyncio.sleep(self._delay(response, attempt))
                continue
            return self._outcome(url, response)

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

    def _outcome(self, url: str, response: Any) -> Outcome:
        code = response.status_code
        history = list(response.history)
        moved = None
        if history and history[0].status_code in PERMANENT:
            moved = str(response.url)
        if 200 <= code < 300 or code in self.settings.accept:
            if moved and moved != url:
                return Outcome(url, "redirect", code, location=moved)
            return Outcome(url, "ok", code)
        return Outcome(url, "broken", code)
