"""The on-disk cache: per-file results and the repo facts they depend on.

One SQLite database, ``.postlint_cache/cache.sqlite3`` at the repo root
(sqlite3 is in the standard library; WAL mode lets two runs read and write
at once, and one file is faster to open than 10,000 small ones). Tables:

* ``files``: per file, its mtime, size, content hash and front-matter hash,
  so that a warm run re-reads only files whose stat changed;
* ``entries``: per file, what Jekyll makes of it (URL, output), keyed on
  its front matter and the site config, so the site map is rebuilt only
  for files whose front matter changed;
* ``results``: per checked file, its diagnostics, keyed on the file's
  content, the effective config and the postlint version, with the *site
  key* (which files exist, where each is published, the site config and
  data files, today) and the content hashes of the other files its checks
  read (a linked page's headings), so that a change there re-checks it;
* ``summaries``: per collector and content file, what repo-wide rules need
  of it, keyed on its front matter (or content) and the config;
* ``repo``: per repo-wide rule, its findings, keyed on all the summaries it
  reduces.

Without a cache folder (the library's default, ``--no-cache``), the same
tables live in memory for the run: ``--fix`` still re-checks only what its
edits changed.

Results are stored as JSON, never pickle: a cache folder committed by
someone else must not be able to run code. Anything unreadable in the cache
is ignored (and rebuilt): the cache can make a run faster, never wrong or
crash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sqlite3
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from postlint.core.diagnostics import Diagnostic, Edit, Fix, Severity
from postlint.jekyll.reader import may_have_front_matter

if TYPE_CHECKING:  # pragma: no cover
    from postlint.config import Config
    from postlint.jekyll.entry import Entry

CACHE_DIR = ".postlint_cache"
_SCHEMA = 7
#: files whose whole content other files' results depend on (site config, data).
_GLOBAL_FILE = re.compile(
    r"^(_data/.*|_config[^/]*\.ya?ml|_redirects|netlify\.toml|postlint\.toml|\.postlint\.toml|Gemfile|_layouts/.*|_includes/.*)$")
_CLOSE = re.compile(rb"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
#: a file changed this close to the moment it was hashed may change again
#: within the same timestamp tick (FAT: 2 s, ext3: 1 s) without its stat
#: changing: its stored stat is not trusted ("racy", as git's index entries),
#: and it is hashed again until an entry is written well after its change.
_RACY_SECONDS = 2.0
#: up to this many paths, rows are fetched by key rather than by a table scan.
_FEW = 2000


def digest(*parts: str | bytes) -> str:
    """Each part followed by a NUL byte, hashed: in one update (the same
    bytes as one update per part; some keys have 10,000 parts)."""
    data = b"\x00".join(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part for part in parts)
    return hashlib.blake2b(data + b"\x00" if parts else b"", digest_size=16).hexdigest()


def front_matter_bytes(raw: bytes) -> bytes:
    """The front-matter block of a file (what other files' results may
    depend on: URL, tags, title), generously delimited."""
    start = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    if not raw.startswith(b"---", start):
        return b""
    first = raw.find(b"\n", start)
    if first < 0:
        return raw
    closing = _CLOSE.search(raw, first + 1)
    return raw if closing is None else raw[: closing.end()]


def front_matter_fact(raw: bytes, max_bytes: int) -> str:
    """What other files' results and repo-wide rules may read of a file:
    its front-matter bytes, and whether the file loads at all (a body edit
    that makes it too large, binary or not UTF-8 drops its front matter)."""
    from postlint.core.document import _BINARY_SNIFF

    try:
        raw.decode("utf-8")
        readable = b"utf-8"
    except UnicodeDecodeError:
        readable = b"not-utf-8"
    binary = b"binary" if b"\x00" in raw[:_BINARY_SNIFF] else b"text"
    size = b"too-large" if len(raw) > max_bytes else b"size-ok"
    return digest(front_matter_bytes(raw), readable, binary, size)


def is_global_file(relpath: str) -> bool:
    """Files whose whole content every file's results may depend on (site
    config, data files, redirects, postlint's config)."""
    return _GLOBAL_FILE.match(relpath) is not None


class Cache:
    """The cache of one repository; every method tolerates a broken database."""

    def __init__(self, root: Path, directory: Path | None = None) -> None:
        self.dir: Path | None = directory or root / CACHE_DIR
        self.path = self.dir / "cache.sqlite3"
        self._db: sqlite3.Connection | None = None

    @classmethod
    def in_memory(cls) -> Cache:
        """A cache for one run only (nothing is written to disk)."""
        cache = cls(Path("."))
        cache.dir = None
        return cache

    # -- opening -----------------------------------------------------------------
    def db(self) -> sqlite3.Connection | None:
        if self._db is None:
            self._db = self._open() or self._reset()
        return self._db

    def _open(self) -> sqlite3.Connection | None:
        if self.dir is None:
            db = sqlite3.connect(":memory:", isolation_level=None)
            self._create(db)
            return db
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            ignore = self.dir / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by postlint: the cache is local to each clone\n*\n", encoding="utf-8")
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version != _SCHEMA:
                self._create(db)
            db.execute("SELECT count(*) FROM results").fetchone()
            return db
        except (sqlite3.Error, OSError):
            return None

    @staticmethod
    def _create(db: sqlite3.Connection) -> None:
        db.executescript(
            "BEGIN IMMEDIATE;"
            "DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS entries; DROP TABLE IF EXISTS results;"
            "DROP TABLE IF EXISTS summaries; DROP TABLE IF EXISTS repo; DROP TABLE IF EXISTS sitemaps;"
            "CREATE TABLE files (path TEXT PRIMARY KEY, mtime INTEGER, size INTEGER, ctime INTEGER, ino INTEGER, sha TEXT, "
            "fm TEXT, lim INTEGER, seen INTEGER);"
            "CREATE TABLE entries (path TEXT PRIMARY KEY, key TEXT, data TEXT);"
            "CREATE TABLE sitemaps (key TEXT PRIMARY KEY, site_key TEXT, data TEXT, statuses TEXT);"
            "CREATE TABLE results (path TEXT PRIMARY KEY, key TEXT, site_key TEXT, deps TEXT, data TEXT);"
            "CREATE TABLE summaries (name TEXT, path TEXT, key TEXT, data TEXT, PRIMARY KEY (name, path));"
            "CREATE TABLE repo (code TEXT PRIMARY KEY, key TEXT, data TEXT);"
            f"PRAGMA user_version={_SCHEMA};"
            "COMMIT;"
        )

    def _reset(self) -> sqlite3.Connection | None:
        """A corrupted database is deleted and rebuilt; if even that fails,
        the run goes on without a cache."""
        if self.dir is None:
            return None
        for suffix in ("", "-wal", "-shm"):
            try:
                Path(str(self.path) + suffix).unlink()
            except OSError:
                pass
        return self._open()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _rows(self, sql: str, args: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        db = self.db()
        if db is None:
            return []
        try:
            return db.execute(sql, tuple(args)).fetchall()
        except sqlite3.Error:
            return []

    def _select(self, table: str, columns: str, keys: dict[str, str]) -> list[tuple[Any, ...]]:
        """The rows of these paths: looked up by key when they are few (a
        pre-commit run), one scan of the table when they are many."""
        if len(keys) > _FEW:
            return self._rows(f"SELECT {columns} FROM {table}")
        rows: list[tuple[Any, ...]] = []
        paths = list(keys)
        for i in range(0, len(paths), 400):  # under SQLite's limit on parameters
            part = paths[i : i + 400]
            marks = ",".join("?" * len(part))
            rows += self._rows(f"SELECT {columns} FROM {table} WHERE path IN ({marks})", part)
        return rows

    def _write(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        db = self.db()
        if db is None or not rows:
            return
        try:
            db.execute("BEGIN IMMEDIATE")
            db.executemany(sql, rows)
            db.execute("COMMIT")
        except sqlite3.Error:
            try:
                db.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    # -- file facts ----------------------------------------------------------------
    def file_facts(self, root: Path, files: Iterable[str], stats: Mapping[str, tuple[int, ...]] | None = None,
                   max_bytes: int = 1024 * 1024) -> dict[str, tuple[str, str]]:
        """``{relpath: (content hash, front-matter hash)}`` for text files;
        unchanged stats reuse the stored hashes. ``stats``: each file's
        :func:`~postlint.site.index.file_stat` already known from the walk
        (no second stat per file). The front-matter hash also covers
        whether the front matter can be read at all (see
        :func:`front_matter_fact`), under the size limit ``max_bytes``.
        A stored row stands for the file only when well formed, with the
        same stat, and not racy (:func:`_trusted`); otherwise the file is
        read and hashed."""
        from postlint.site.index import file_stat

        known = {r[0]: r for r in self._rows("SELECT path, mtime, size, ctime, ino, sha, fm, lim, seen FROM files")
                 if _trusted(r, max_bytes)}
        facts: dict[str, tuple[str, str]] = {}
        fresh: list[tuple[Any, ...]] = []
        if stats:
            # the common case first, in one pass over the stored rows (a
            # pre-commit run spends its time here)
            facts = {rel: (row[5], row[6]) for rel, row in known.items() if stats.get(rel) == row[1:5]}
        for rel in files:
            if rel in facts or not may_have_front_matter(rel) and not is_global_file(rel):
                continue
            stat = stats.get(rel) if stats else None
            if stat is None:
                try:
                    stat = file_stat(os.stat(root / rel))
                except OSError:
                    continue
            row = known.get(rel)
            if row is not None and row[1:5] == tuple(stat):
                facts[rel] = (row[5], row[6])
                continue
            seen = time.time_ns()  # before reading: a change during the read is then racy
            try:
                raw = (root / rel).read_bytes()
            except OSError:
                continue
            facts[rel] = (digest(raw), front_matter_fact(raw, max_bytes))
            fresh.append((rel, *stat, *facts[rel], max_bytes, seen))
        self._write("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", fresh)
        return facts

    # -- site map entries ------------------------------------------------------------
    def entries(self, keys: dict[str, str]) -> dict[str, Entry]:
        from postlint.jekyll.entry import Entry

        found: dict[str, Entry] = {}
        for path, key, data in self._select("entries", "path, key, data", keys):
            if keys.get(path) == key:
                try:
                    found[path] = Entry.from_row(json.loads(data))
                except (ValueError, TypeError):
                    continue
        return found

    def store_entries(self, entries: list[tuple[str, str, Entry]]) -> None:
        self._write("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)",
                    [(path, key, json.dumps(list(e), ensure_ascii=False)) for path, key, e in entries])

    def site_map(self, key: str) -> dict[str, Entry] | None:
        """The whole site map stored under ``key`` (see :meth:`store_site_map`), or None."""
        from postlint.jekyll.entry import Entry

        for (data,) in self._rows("SELECT data FROM sitemaps WHERE key = ?", (key,)):
            try:
                return {row[0]: Entry.from_row(row) for row in json.loads(data)}
            except (ValueError, TypeError, IndexError):
                return None
        return None

    def site_key(self, key: str) -> str | None:
        """The site key stored with the site map of ``key``."""
        for (site_key,) in self._rows("SELECT site_key FROM sitemaps WHERE key = ?", (key,)):
            return site_key if isinstance(site_key, str) else None
        return None

    def store_site_map(self, key: str, entries: dict[str, Entry], site_key: str) -> None:
        """The whole map in one row (a body edit reads one row instead of
        one per file), keyed on every front matter and the site config."""
        rows = [list(e) for e in entries.values()]
        self._write("DELETE FROM sitemaps", [()])
        self._write("INSERT OR REPLACE INTO sitemaps VALUES (?, ?, ?, NULL)",
                    [(key, site_key, json.dumps(rows, ensure_ascii=False))])

    def statuses(self, key: str) -> dict[str, str] | None:
        """Which files are content (see :meth:`SiteIndex.status`), stored with the site map of ``key``."""
        for (data,) in self._rows("SELECT statuses FROM sitemaps WHERE key = ?", (key,)):
            try:
                found = json.loads(data) if data else None
            except (TypeError, ValueError):
                return None
            return found if isinstance(found, dict) else None
        return None

    def store_statuses(self, key: str, statuses: dict[str, str]) -> None:
        self._write("UPDATE sitemaps SET statuses = ? WHERE key = ?", [(json.dumps(statuses, ensure_ascii=False), key)])

    # -- per-file summaries (what repo-wide rules need of each file) ---------------------
    def summaries(self, name: str) -> dict[str, tuple[str, Any]]:
        """``{path: (key, data)}`` of one collector's summaries."""
        found: dict[str, tuple[str, Any]] = {}
        for path, key, data in self._rows("SELECT path, key, data FROM summaries WHERE name = ?", (name,)):
            try:
                found[path] = (key, json.loads(data))
            except (TypeError, ValueError):
                continue  # an unreadable row is recomputed
        return found

    def store_summaries(self, name: str, rows: list[tuple[str, str, Any]]) -> None:
        encoded = []
        for path, key, data in rows:
            try:
                encoded.append((name, path, key, json.dumps(data, ensure_ascii=False)))
            except (TypeError, ValueError):
                continue
        self._write("INSERT OR REPLACE INTO summaries VALUES (?, ?, ?, ?)", encoded)

    # -- repo-wide findings ---------------------------------------------------------------
    def repo_findings(self, code: str, key: str) -> list[Diagnostic] | None:
        for stored, data in self._rows("SELECT key, data FROM repo WHERE code = ?", (code,)):
            if stored != key:
                return None
            try:
                return [decode_diagnostic(d) for d in json.loads(data)]
            except (ValueError, TypeError, KeyError, AttributeError):
                return None
        return None

    def store_repo_findings(self, code: str, key: str, diags: list[Diagnostic]) -> None:
        try:
            data = json.dumps([encode_diagnostic(d) for d in diags], ensure_ascii=False)
        except (TypeError, ValueError):
            return
        self._write("INSERT OR REPLACE INTO repo VALUES (?, ?, ?)", [(code, key, data)])

    # -- results ---------------------------------------------------------------------
    def results(self, keys: dict[str, str]) -> dict[str, tuple[str, dict[str, str], list[Diagnostic]]]:
        """Stored ``(site key, deps, diagnostics)`` of the paths whose key matches."""
        found: dict[str, tuple[str, dict[str, str], list[Diagnostic]]] = {}
        for path, key, site_key, deps, data in self._select("results", "path, key, site_key, deps, data", keys):
            if keys.get(path) != key:
                continue
            try:
                needs = json.loads(deps)
                if not isinstance(needs, dict):
                    continue
                found[path] = (site_key, needs, [decode_diagnostic(d) for d in json.loads(data)])
            except (ValueError, TypeError, KeyError, AttributeError):
                continue  # an unreadable row is recomputed
        return found

    def store_results(self, rows: list[tuple[str, str, str, dict[str, str], list[Diagnostic]]]) -> None:
        encoded = []
        for path, key, site_key, deps, diags in rows:
            try:
                data = json.dumps([encode_diagnostic(d) for d in diags], ensure_ascii=False)
            except (TypeError, ValueError):
                continue  # a parameter JSON cannot hold: not cached, recomputed next time
            encoded.append((path, key, site_key, json.dumps(deps), data))
        self._write("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?)", encoded)


def _trusted(row: tuple[Any, ...], max_bytes: int) -> bool:
    """A stored ``files`` row that can stand for the file: well formed
    (any other row is ignored, and rebuilt), hashed under the same size
    limit, and not racy: hashed more than a timestamp tick after the file's
    last change (a later change within that tick keeps the same mtime)."""
    _path, mtime, size, ctime, ino, sha, fm, lim, seen = row
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (mtime, size, ctime, ino, lim, seen)):
        return False
    if not (isinstance(sha, str) and isinstance(fm, str)) or lim != max_bytes:
        return False
    tick = int(_RACY_SECONDS * 1e9)
    return bool(max(mtime, ctime) + tick < seen)


# -- keys -----------------------------------------------------------------------------

def config_key(config: Config) -> str:
    """The effective config, the postlint version and the rules installed."""
    from postlint import __version__
    from postlint.rules import registry

    rules = ",".join(f"{r.code}:{r.check.__module__}" for r in registry())
    return digest(__version__, str(config.root), config.model_dump_json(), rules)


def repo_facts_key(files: Iterable[str], facts: dict[str, tuple[str, str]], today: dt.date) -> str:
    """What every file's results may depend on: which files exist, every
    front matter (URLs, tag pages), the site config and data files, today."""
    h = hashlib.blake2b(digest_size=16)
    h.update(today.isoformat().encode())
    parts = []
    for rel in sorted(files):
        fact = facts.get(rel)
        value = "" if fact is None else fact[0] if is_global_file(rel) else fact[1]
        parts.append(f"{rel}\x00{value}\x00")
    h.update("".join(parts).encode("utf-8", "surrogatepass"))  # one update: same bytes, fewer calls
    return h.hexdigest()


# -- JSON for diagnostics ---------------------------------------------------------------

def _encode_value(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dt.datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$d": value.isoformat()}
    if isinstance(value, (list, tuple)):
        return {"$t" if isinstance(value, tuple) else "$l": [_encode_value(v) for v in value]}
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"$m": {k: _encode_value(v) for k, v in value.items()}}
    raise TypeError(f"not cacheable: {type(value).__name__}")


def _decode_value(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "$dt" in value:
        return dt.datetime.fromisoformat(value["$dt"])
    if "$d" in value:
        return dt.date.fromisoformat(value["$d"])
    if "$t" in value:
        return tuple(_decode_value(v) for v in value["$t"])
    if "$l" in value:
        return [_decode_value(v) for v in value["$l"]]
    return {k: _decode_value(v) for k, v in value["$m"].items()}


def encode_diagnostic(d: Diagnostic) -> dict[str, Any]:
    fix = None
    if d.fix is not None:
        fix = {"safe": d.fix.safe, "description": d.fix.description,
               "edits": [[e.start, e.end, e.replacement] for e in d.fix.edits]}
    return {"p": d.path, "l": d.line, "c": d.column, "code": d.code, "n": d.name, "s": d.severity.value,
            "m": d.message_id, "params": {k: _encode_value(v) for k, v in d.params.items()},
            "el": d.end_line, "ec": d.end_column, "fix": fix}


def decode_diagnostic(data: dict[str, Any]) -> Diagnostic:
    fix = None
    if data["fix"] is not None:
        f = data["fix"]
        fix = Fix(tuple(Edit(s, e, r) for s, e, r in f["edits"]), safe=f["safe"], description=f["description"])
    from postlint.rules import registry

    known = registry().rules.get(data["code"])
    return Diagnostic(
        data["p"], data["l"], data["c"], data["code"], data["n"], Severity(data["s"]), data["m"],
        {k: _decode_value(v) for k, v in data["params"].items()}, data["el"], data["ec"], fix,
        known.messages.get(data["m"], "") if known is not None else "",
    )
