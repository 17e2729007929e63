"""Benchmark corpora with the shape of real sites: a site copied, then replicated.

Copy 0 is the site as it is (every file, ``_config.yml`` untouched). Each
further copy ``k`` adds, for every *replicated* file, a file whose name has
the suffix ``-c{k}`` at the end of its last segment, before the extension
(``_posts/18-02-27-bootcamp.md`` -> ``_posts/18-02-27-bootcamp-c2.md``), in
the same folder. Replicated: the content files Jekyll publishes (posts,
collection documents, Markdown pages, drafts named ``_*.md`` in collection
folders) and the static files (assets, empty placeholders) that content links
to. Not replicated: layouts, includes, HTML pages, files Jekyll excludes, and
whatever a shape keeps single (the EIG tag pages: one page per tag of a fixed
vocabulary, however many posts there are).

The URL of a copy is its original URL with the same suffix on its last
segment (``/docs/history/`` -> ``/docs/history-c2/``); literal ``permalink:``
and ``redirect_from:`` values are rewritten that way. Links are rewritten in
each copy so that they resolve as they do in the original: a link to a
replicated page, asset or post (Markdown, HTML ``href``/``src``, reference
definitions, ``{% link %}``, ``{% post_url %}``, ``'...' | relative_url``,
the site's own absolute URL) points to the same copy's file, relative links
are recomputed where a copy's URL folder differs, links to files that are
not replicated still point to them, and broken links stay broken. Data files
keep their shape too: a top-level entry of ``_data/*.yml`` that names the URL
of a replicated page (``link_to: /communaute/2020/x.html``) is repeated per
copy, its key suffixed with `` c{k}``; values naming such a key (a page's
``nom:``, another entry's list of names) are rewritten in the copy.

Every rewrite is checked by resolving the new link from the copy's URL; a
link that cannot be rewritten that way is left as it is and counted in the
build's statistics. ``--verify`` runs postlint on the result and compares
its findings per rule with the original's, times the number of copies.

Run: python benchmarks/shapes.py SITE OUT --files 4400 [--preset jekyll] [--verify]
(from a clone; postlint's ``urls`` command gives the original's URLs).
"""

from __future__ import annotations

import argparse
import collections
import fnmatch
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"

#: shapes of the corpus sites in ``../shared/corpus``: preset, files kept single.
SHAPES: dict[str, dict[str, Any]] = {
    "eig-site": {"preset": "eig", "single": ["tag/*.md"]},
    "jekyll-docs": {"preset": "jekyll", "single": []},
    "opensource-guide": {"preset": "jekyll", "single": []},
}
REPLICATED_KINDS = frozenset({"post", "document", "page", "static"})
CONTENT_SUFFIXES = (".md", ".markdown")
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
FRONT_MATTER = re.compile(r"\A(---[ \t]*\r?\n)(.*?\r?\n)(---[ \t]*(?:\r?\n|\Z))", re.DOTALL)

# link forms of a body (and of HTML in it); group "t" is the target
INLINE = re.compile(r"(?P<pre>\]\(\s*)(?P<t><[^>\n]*>|[^\s)]+)")
REFDEF = re.compile(r"^(?P<pre> {0,3}\[[^\]\n]+\]:[ \t]*)(?P<t><[^>\n]*>|\S+)", re.MULTILINE)
ATTR = re.compile(r"""(?P<pre>\b(?:href|src)\s*=\s*(?P<q>["']))(?P<t>[^"'\n]*)(?P=q)""", re.IGNORECASE)
FILTER = re.compile(r"""(?P<pre>\{\{-?\s*(?P<q>["']))(?P<t>[^"'\n]+)(?P=q)(?=\s*\|\s*(?:relative|absolute)_url)""")
LINK_TAG = re.compile(r"(?P<pre>\{%-?\s*link\s+)(?P<t>[^\s%]+)")
POST_URL = re.compile(r"(?P<pre>\{%-?\s*post_url\s+)(?P<t>[^\s%]+)")
#: a YAML line holding one scalar: indentation, optional "- ", optional "key: ", then the value
SCALAR_LINE = re.compile(r"^(?P<pre>[ \t]*(?:-[ \t]+)?(?:(?P<key>[^\s\"'#:-][^:#\n]*?|\"[^\"\n]+\"|'[^'\n]+'):(?:[ \t]+|$))?)(?P<v>.*?)(?P<post>[ \t]*)$")
DATA_KEY_LINE = re.compile(r"""^(?P<q>["']?)(?P<key>[^\s"'#-][^\n]*?)(?P=q):(?P<rest>[ \t].*|)$""")


def suffix_path(path: str, k: int) -> str:
    """``dir/name.ext`` -> ``dir/name-c{k}.ext`` (a file path of copy ``k``)."""
    head, slash, last = path.rpartition("/")
    stem, dot, ext = last.rpartition(".")
    last = f"{stem}-c{k}.{ext}" if dot and stem else f"{last}-c{k}"
    return f"{head}{slash}{last}"


def suffix_url(url: str, k: int) -> str:
    """The same URL in copy ``k``: the suffix on its last segment, before an
    extension, or on the folder of an ``index.html`` (``/`` has no copy)."""
    if url.endswith("/index.html"):
        return suffix_url(url[: -len("index.html")], k) + "index.html"
    if url.endswith("/"):
        body = url.rstrip("/")
        return f"{body}-c{k}{url[len(body):]}" if body.strip("/") else url
    return suffix_path(url, k)


def norm_url(url: str) -> str:
    """What a URL names, for lookups: decoded, without ``index.html`` nor a final slash."""
    url = unquote(url)
    if url.endswith("/index.html"):
        url = url[: -len("index.html")]
    return url.rstrip("/") or "/"


def url_dir(url: str) -> str:
    """The folder a browser resolves relative links against."""
    return url if url.endswith("/") else posixpath.dirname(url) + "/"


def join_url(base: str, ref: str) -> str:
    """``ref`` (a relative path, no query) resolved against the page URL ``base``."""
    joined = posixpath.normpath(posixpath.join(url_dir(base), ref))
    if ref.endswith("/") and not joined.endswith("/"):
        joined += "/"
    return joined if joined.startswith("/") else "/" + joined


def split_scalar(value: str) -> tuple[str, str, str] | None:
    """A YAML scalar as written -> (quote, text, trailing comment); None for a
    block, flow collection or anchor."""
    if not value or value[0] in "[{|>&*!":
        return None
    if value[0] in "\"'":
        quote = value[0]
        end = value.find(quote, 1)
        if end < 0 or value[end + 1:].strip() and not value[end + 1:].lstrip().startswith("#"):
            return None
        return quote, value[1:end], value[end + 1:]
    text, sep, _ = value.partition(" #")
    return "", text.rstrip(), (value[len(text.rstrip()):] if sep or text != text.rstrip() else "")


@dataclass
class Stats:
    """What a build rewrote, and what it could not."""

    copies: int = 0
    files_written: int = 0
    links_rewritten: int = 0
    links_recomputed: int = 0  # relative links whose copy sits in another URL folder
    links_unrewritable: int = 0
    front_matter_values: int = 0
    data_entries: int = 0
    data_files_kept: list[str] = field(default_factory=list)
    unrewritable: list[str] = field(default_factory=list)


@dataclass
class Corpus:
    """A generated corpus and what the harness needs to know about it."""

    root: str
    shape: str
    preset: str | None
    copies: int
    replicated: int  # content files repeated in each copy
    content: list[str]  # the files postlint lints, repo-relative
    edit_candidates: list[str]  # content files with a title, posts first
    fix_link: str  # a link to a published page, letter case wrong (a PL204 fix)
    originals: list[str]  # the replicated content files, as in copy 0
    stats: dict[str, Any] = field(default_factory=dict)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=1, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Corpus:
        return cls(**json.loads(path.read_text(encoding="utf-8")))


def postlint_env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(SRC))


def site_urls(root: Path) -> list[dict[str, Any]]:
    """``postlint urls --all --format json`` of the site at ``root``."""
    proc = subprocess.run([sys.executable, "-m", "postlint", "urls", "--all", "--format", "json"], cwd=root,
                          env=postlint_env(), capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"postlint urls failed in {root}: {proc.stderr}")
    rows: list[dict[str, Any]] = json.loads(proc.stdout)
    return rows


def lint_findings(root: Path, jobs: int = 0, select: list[str] | None = None) -> tuple[list[str], list[tuple[str, str]]]:
    """The files postlint lints at ``root`` and its findings as (path, rule code)."""
    if str(SRC) not in sys.path:
        sys.path.insert(0, str(SRC))
    from postlint import lint_paths

    result = lint_paths([root], jobs=jobs, overrides={"select": select} if select else None)
    return sorted(result.files), [(d.path, d.code) for d in result.diagnostics]


class Replicator:
    """The original site's URLs and links, and how each copy rewrites them."""

    def __init__(self, root: Path, rows: list[dict[str, Any]], content: list[str], single: list[str]) -> None:
        self.root = root
        self.stats = Stats()
        self.files: set[str] = {r["source"] for r in rows}
        self.url_of: dict[str, str] = {r["source"]: r["url"] for r in rows if r["url"]}
        kind: dict[str, str] = {r["source"]: r["kind"] for r in rows}
        self.content = content
        contents = set(content)

        def replicable(src: str) -> bool:
            if any(fnmatch.fnmatchcase(src, pattern) for pattern in single):
                return False
            if self._folder_index(src):
                return False  # its copy `index-c1.html` would not get the suffixed folder URL
            if kind.get(src) in REPLICATED_KINDS:
                return True
            # drafts named _*.md inside _posts/ or a collection folder
            return kind.get(src) == "ignored" and src.startswith("_") and "/" in src

        self.replicated = {src for src in content if replicable(src)}
        #: norm_url(url) -> (source, url as written): canonical URLs and redirect_from
        self.by_url: dict[str, tuple[str, str]] = {}
        for src, url in self.url_of.items():
            self.by_url.setdefault(norm_url(url), (src, url))
        self.texts = {src: self._read(src) for src in content}
        for src in content:
            for redirect in self._redirects(self.texts[src]):
                self.by_url.setdefault(norm_url(redirect), (src, redirect))
        self.posts: dict[str, str] = {}
        for src in content:
            if "_posts/" in src:
                base = posixpath.basename(src)
                self.posts.setdefault(base, src)
                self.posts.setdefault(base.rpartition(".")[0], src)
        config = self._config()
        url = str(config.get("url") or "").rstrip("/")
        host = re.sub(r"^https?://", "", url)
        self.hosts = (f"https://{host}", f"http://{host}") if host else ()
        self.baseurl = str(config.get("baseurl") or "").rstrip("/")
        # static files that replicated content links to are replicated too
        for src in sorted(self.replicated & contents):
            for hit in self._targets(src):
                if kind.get(hit) == "static" and not hit.lower().endswith(CONTENT_SUFFIXES):
                    self.replicated.add(hit)
        self.data_keys: set[str] = set()
        self.data_blocks: dict[str, tuple[str, list[list[str]], list[bool], bool]] = {}
        self._scan_data()

    # -- reading the original ------------------------------------------------
    def _read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8", errors="surrogateescape")

    def _config(self) -> dict[str, Any]:
        try:
            data = yaml.safe_load((self.root / "_config.yml").read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            return {}
        return data if isinstance(data, dict) else {}

    @staticmethod
    def _redirects(text: str) -> list[str]:
        match = FRONT_MATTER.match(text)
        if not match:
            return []
        try:
            data = yaml.safe_load(match[2])
        except yaml.YAMLError:
            return []
        found = data.get("redirect_from") if isinstance(data, dict) else None
        values = found if isinstance(found, list) else [found] if found else []
        return [v for v in values if isinstance(v, str) and v.startswith("/")]

    def _targets(self, src: str) -> list[str]:
        """Files of the site the content of ``src`` links to (as copy 0)."""
        found: list[str] = []
        text = self.texts[src]

        def note(target: str) -> None:
            hit = self._resolve(src, target)
            if hit:
                found.append(hit[0])

        for pattern in (INLINE, REFDEF, ATTR):
            for m in pattern.finditer(text):
                note(m["t"].strip("<>"))
        for m in FILTER.finditer(text):
            note(_site_absolute(m["t"]))
        for m in LINK_TAG.finditer(text):
            if m["t"].lstrip("/") in self.files:
                found.append(m["t"].lstrip("/"))
        match = FRONT_MATTER.match(text)
        for line in (match[2].splitlines() if match else []):
            parts = SCALAR_LINE.match(line)
            scalar = split_scalar(parts["v"]) if parts else None
            if scalar and ("/" in scalar[1]):
                note(scalar[1])
        return found

    # -- resolving a link as the original does ---------------------------------
    def _split_host(self, target: str) -> tuple[str, str] | None:
        """(host prefix, path) of a link to the site itself; None for another site."""
        for host in self.hosts:
            if target.lower().startswith(host.lower()) and target[len(host):len(host) + 1] in ("", "/", "?", "#"):
                return target[: len(host)], target[len(host):] or "/"
        if SCHEME.match(target) or target.startswith("//"):
            return None
        return "", target

    def _resolve(self, src: str, target: str) -> tuple[str, str, str] | None:
        """(source file, its URL or path as matched, "url" or "path") of a link in ``src``."""
        split = self._split_host(target)
        if split is None:
            return None
        path = re.split(r"[?#]", split[1], maxsplit=1)[0]
        if not path or "{" in path:
            return None
        if self.baseurl and path.startswith(self.baseurl + "/"):
            path = path[len(self.baseurl):]
        if path.startswith("/"):
            hit = self.by_url.get(norm_url(path))
            return (hit[0], hit[1], "url") if hit else None
        src_url = self.url_of.get(src)
        if src_url:
            hit = self.by_url.get(norm_url(join_url(src_url, unquote(path))))
            if hit:
                return hit[0], hit[1], "url"
        # a path relative to the source file (README-style links to .md files)
        file = posixpath.normpath(posixpath.join(posixpath.dirname(src), unquote(path)))
        return (file, file, "path") if file in self.files else None

    # -- rewriting a link for copy k -------------------------------------------
    def _folder_index(self, src: str) -> bool:
        """An ``index`` page whose folder URL comes from its path, not a permalink."""
        if not (posixpath.basename(src).startswith("index.") and self.url_of.get(src, "").endswith("/")):
            return False
        text = (self.root / src).read_text(encoding="utf-8", errors="replace")
        return not re.search(r"^permalink:", text.partition("\n---")[0], re.M)

    def copy_url(self, src: str, k: int) -> str | None:
        url = self.url_of.get(src)
        return suffix_url(url, k) if url and src in self.replicated else url

    def rewrite_target(self, src: str, target: str, k: int) -> str | None:
        """The link ``target`` of ``src`` as written in copy ``k`` (None: unchanged)."""
        bracketed = target.startswith("<") and target.endswith(">")
        inner = target[1:-1] if bracketed else target
        split = self._split_host(inner)
        if split is None:
            return None
        host, rest = split
        cut = re.search(r"[?#]", rest)
        path, tail = (rest[: cut.start()], rest[cut.start():]) if cut else (rest, "")
        if not path or "{" in path:
            return None
        prefix = ""
        if self.baseurl and path.startswith(self.baseurl + "/"):
            prefix, path = self.baseurl, path[len(self.baseurl):]
        new = self._rewrite_path(src, path, k)
        if new is None:
            return None
        new = f"{host}{prefix}{new}{tail}"
        return f"<{new}>" if bracketed else new

    def _rewrite_path(self, src: str, path: str, k: int) -> str | None:
        hit = self._resolve(src, path)
        copied = hit is not None and hit[0] in self.replicated
        if path.startswith("/"):
            if not copied or hit is None:
                return None
            new = suffix_url(path, k)
            if norm_url(new) == norm_url(suffix_url(hit[1], k)):
                self.stats.links_rewritten += 1
                return new
            return self._unrewritable(src, path)
        src_url, new_src_url = self.url_of.get(src), self.copy_url(src, k)
        if hit is not None and hit[2] == "path":
            if not copied:
                return None
            new = suffix_path(path, k)
            if posixpath.normpath(posixpath.join(posixpath.dirname(src), unquote(new))) == suffix_path(hit[0], k):
                self.stats.links_rewritten += 1
                return new
            return self._unrewritable(src, path)
        if not src_url or not new_src_url:
            return None
        moved = url_dir(src_url) != url_dir(new_src_url)
        if hit is not None and copied:
            expected = suffix_url(hit[1], k)
        elif moved:
            expected = join_url(src_url, unquote(path))  # what it named (or not) in the original
        else:
            return None
        # the same text with the suffix, when that names the copy; else a new relative path
        last = path.rstrip("/").rpartition("/")[2]
        if copied and last not in ("", ".", ".."):
            new = suffix_url(path, k)
            if norm_url(join_url(new_src_url, unquote(new))) == norm_url(expected):
                self.stats.links_rewritten += 1
                return new
        target = unquote(expected)
        rel = posixpath.relpath(target.rstrip("/") or "/", url_dir(new_src_url).rstrip("/") or "/")
        rel = rel + "/" if target.endswith("/") and rel != "." else rel + "/" if rel == "." else rel
        rel = rel.replace(" ", "%20")
        if norm_url(join_url(new_src_url, unquote(rel))) == norm_url(expected):
            self.stats.links_recomputed += 1
            return rel
        return self._unrewritable(src, path)

    def _unrewritable(self, src: str, path: str) -> str | None:
        """Count a link that cannot be rewritten; it stays as it is (None)."""
        self.stats.links_unrewritable += 1
        if len(self.stats.unrewritable) < 20:
            self.stats.unrewritable.append(f"{src}: {path}")
        return None

    def rewrite_body(self, src: str, text: str, k: int) -> str:
        def sub(m: re.Match[str]) -> str:
            new = self.rewrite_target(src, m["t"], k)
            if new is None:
                return m[0]
            return m[0][: m.start("t") - m.start()] + new + m[0][m.end("t") - m.start():]

        def filtered(m: re.Match[str]) -> str:
            # `'docs/x/' | relative_url` is site-absolute, with or without its first slash
            target = _site_absolute(m["t"])
            new = self.rewrite_target(src, target, k)
            if new is None:
                return m[0]
            return m["pre"] + (new if m["t"] == target else new[1:]) + m["q"]

        for pattern in (INLINE, REFDEF, ATTR):
            text = pattern.sub(sub, text)
        text = FILTER.sub(filtered, text)

        def link_tag(m: re.Match[str]) -> str:
            rel = m["t"].lstrip("/")
            if rel not in self.replicated:
                return m[0]
            self.stats.links_rewritten += 1
            return m["pre"] + m["t"][: len(m["t"]) - len(rel)] + suffix_path(rel, k)

        def post_url(m: re.Match[str]) -> str:
            name = m["t"]
            source = self.posts.get(posixpath.basename(name))
            if source is None or source not in self.replicated:
                return m[0]
            base, new_base = posixpath.basename(source), posixpath.basename(suffix_path(source, k))
            if not name.endswith(base):
                base, new_base = base.rpartition(".")[0], new_base.rpartition(".")[0]
            self.stats.links_rewritten += 1
            return m["pre"] + name[: len(name) - len(base)] + new_base

        return POST_URL.sub(post_url, LINK_TAG.sub(link_tag, text))

    def rewrite_scalar(self, src: str | None, key: str | None, text: str, k: int, redirect: bool) -> str | None:
        """A front-matter or data value in copy ``k`` (None: unchanged)."""
        if key == "permalink" and ":" not in text and text.strip():
            # Jekyll reads `en/x.html` as `/en/x.html`: both move with the copy
            return suffix_url(text if text.startswith("/") else "/" + text, k)
        if redirect and text.startswith("/"):
            return suffix_url(text, k)
        if text in self.data_keys:
            return f"{text} c{k}"
        if src is not None and "/" in text:
            # a site path or URL; a relative value only when it names a replicated file
            # (a title such as "Input/Output" is not a link)
            split = self._split_host(text)
            if split and not split[0] and not text.startswith("/"):
                resolved = self._resolve(src, text)
                if resolved is None or resolved[0] not in self.replicated:
                    return None
            return self.rewrite_target(src, text, k)
        if src is None and text.startswith("/"):
            hit = self.by_url.get(norm_url(text))
            if hit and hit[0] in self.replicated:
                return suffix_url(text, k)
        return None

    def rewrite_yaml_lines(self, src: str | None, lines: list[str], k: int) -> list[str]:
        out: list[str] = []
        redirect_indent: int | None = None
        for line in lines:
            m = SCALAR_LINE.match(line)
            if not m or not line.strip() or line.lstrip().startswith("#"):
                out.append(line)
                continue
            indent = len(line) - len(line.lstrip())
            key = m["key"].strip("\"'") if m["key"] else None
            if redirect_indent is not None and not (m["key"] is None and indent >= redirect_indent):
                redirect_indent = None
            if key == "redirect_from" and not m["v"]:
                redirect_indent = indent
            scalar = split_scalar(m["v"])
            new = None
            if scalar:
                new = self.rewrite_scalar(src, key, scalar[1], k, redirect_indent is not None or key == "redirect_from")
            if new is None or scalar is None:
                out.append(line)
                continue
            self.stats.front_matter_values += 1
            quote, _, comment = scalar
            out.append(f"{m['pre']}{quote}{new}{quote}{comment}{m['post']}")
        return out

    def copy_text(self, src: str, k: int) -> str:
        text = self.texts[src]
        match = FRONT_MATTER.match(text)
        if not match:
            return self.rewrite_body(src, text, k)
        lines = match[2].split("\n")
        front = "\n".join(self.rewrite_yaml_lines(src, lines, k))
        return match[1] + front + match[3] + self.rewrite_body(src, text[match.end():], k)

    # -- data files ----------------------------------------------------------
    def _scan_data(self) -> None:
        """Top-level entries of ``_data/*.yml`` naming a replicated page's URL."""
        for rel in sorted(self.files):
            if not (rel.startswith("_data/") and rel.endswith((".yml", ".yaml"))):
                continue
            text = self._read(rel)
            try:
                data = yaml.safe_load(text)
            except yaml.YAMLError:
                continue
            if not isinstance(data, (dict, list)) or not data:
                continue
            is_map = isinstance(data, dict)
            head: list[str] = []
            blocks: list[list[str]] = []
            for line in text.split("\n"):
                starts = (DATA_KEY_LINE.match(line) is not None) if is_map else line.startswith("- ")
                if starts:
                    blocks.append([line])
                elif blocks:
                    blocks[-1].append(line)
                else:
                    head.append(line)
            if len(blocks) != len(data):
                continue  # not one block per top-level entry: left as it is

            def names_page(block: list[str]) -> bool:
                for line in block:
                    m = SCALAR_LINE.match(line)
                    scalar = split_scalar(m["v"]) if m else None
                    if scalar and scalar[1].startswith("/"):
                        hit = self.by_url.get(norm_url(scalar[1]))
                        if hit and hit[0] in self.replicated and hit[0] in self.texts:
                            return True
                return False

            chosen = [names_page(b) for b in blocks]
            if not any(chosen):
                continue
            self.data_blocks[rel] = ("\n".join(head), blocks, chosen, is_map)
            if is_map:
                for block, keep in zip(blocks, chosen):
                    m = DATA_KEY_LINE.match(block[0])
                    if keep and m:
                        self.data_keys.add(m["key"] if m["q"] else m["key"].strip())

    def data_text(self, rel: str, copies: int) -> str | None:
        """The data file with its page entries repeated for copies 1..copies-1."""
        entry = self.data_blocks.get(rel)
        if entry is None:
            return None
        original = self._read(rel)
        _, blocks, chosen, is_map = entry
        extra: list[str] = []
        count = 0
        for k in range(1, copies):
            for block, keep in zip(blocks, chosen):
                if not keep:
                    continue
                lines = list(block)
                while lines and not lines[-1].strip():
                    lines.pop()
                first = lines[0]
                m = DATA_KEY_LINE.match(first) if is_map else None
                if m:
                    # the key gets the copy's suffix; an inline value is rewritten like the others
                    rest = self.rewrite_yaml_lines(None, [f"x:{m['rest']}"], k)[0][len("x:"):]
                    key = m["key"] if m["q"] else m["key"].strip()  # a plain key loses its spaces
                    first = f"{m['q']}{key} c{k}{m['q']}:{rest}"
                    lines = [first, *self.rewrite_yaml_lines(None, lines[1:], k)]
                else:
                    lines = self.rewrite_yaml_lines(None, lines, k)
                extra.append("\n".join(lines))
                count += 1
        text = original.rstrip("\n") + "\n" + "\n".join(extra) + "\n"
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            data = None
        before = yaml.safe_load(original)
        if not isinstance(data, type(before)) or len(data) != len(before) + count:
            self.stats.data_files_kept.append(rel)
            return None
        self.stats.data_entries += count
        return text


def _site_absolute(target: str) -> str:
    return target if target.startswith("/") or SCHEME.match(target) else "/" + target


def _title_files(root: Path, content: list[str]) -> list[str]:
    """Content files whose front matter has a ``title:`` line, posts first."""
    found = []
    for rel in content:
        try:
            head = (root / rel).read_text(encoding="utf-8")[:4000]
        except (OSError, UnicodeDecodeError):
            continue
        match = FRONT_MATTER.match(head)
        if match and re.search(r"^title:[ \t]*\S", match[2], re.MULTILINE):
            found.append(rel)
    posts = [r for r in found if "_posts/" in r]
    return posts or found


def copies_for(files: int, replicated: int, single: int) -> int:
    """How many copies give about ``files`` content files."""
    return max(1, round((files - single) / max(1, replicated)))


def build(site: Path, out: Path, files: int, preset: str | None = None, single: list[str] | None = None,
          shape: str | None = None, log: Callable[[str], None] | None = None, copies: int | None = None) -> Corpus:
    """Replicate ``site`` into ``out`` (created; must not exist) to about
    ``files`` content files (or exactly ``copies`` copies)."""
    say = log or (lambda msg: None)
    shape = shape or site.name
    spec = SHAPES.get(shape, {})
    preset = preset if preset is not None else spec.get("preset")
    single = single if single is not None else list(spec.get("single", []))
    if out.exists():
        raise SystemExit(f"{out} exists: remove it or choose another folder")
    shutil.copytree(site, out, symlinks=True, ignore=shutil.ignore_patterns(".git", "_site", ".postlint_cache"))
    for folder, dirs, names in os.walk(out):  # the shared corpus is read-only: its copy must not be
        for name in dirs + names:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, 0o755 if name in dirs else 0o644)
    os.chmod(out, 0o755)
    if preset:
        (out / "postlint.toml").write_text(f'preset = "{preset}"\n', encoding="utf-8")
    say(f"{shape}: reading the original (its content files and URLs, from postlint)")
    content, _ = lint_findings(out, select=["PL005"])  # the files it lints; one cheap rule
    rep = Replicator(out, site_urls(out), content, single)
    content_replicated = sorted(rep.replicated & set(content))
    k_total = copies or copies_for(files, len(content_replicated), len(content) - len(content_replicated))
    say(f"{shape}: {len(content)} content files, {len(content_replicated)} replicated, "
        f"{len(rep.replicated) - len(content_replicated)} linked assets replicated, {k_total} copies")
    all_content = list(content)
    for k in range(1, k_total):
        for rel in sorted(rep.replicated):
            dest = out / suffix_path(rel, k)
            if rel in rep.texts:
                dest.write_text(rep.copy_text(rel, k), encoding="utf-8", errors="surrogateescape")
                all_content.append(suffix_path(rel, k))
            else:
                dest.write_bytes(b"")  # assets are empty placeholders
            rep.stats.files_written += 1
    for rel in rep.data_blocks:
        text = rep.data_text(rel, k_total)
        if text is not None:
            (out / rel).write_text(text, encoding="utf-8", errors="surrogateescape")
    rep.stats.copies = k_total
    all_content.sort()
    candidates = _title_files(out, content)
    corpus = Corpus(root=str(out), shape=shape, preset=preset, copies=k_total,
                    replicated=len(content_replicated), content=all_content,
                    edit_candidates=candidates, fix_link=_fix_link(rep, candidates), originals=content_replicated,
                    stats=asdict(rep.stats))
    return corpus


def _fix_link(rep: Replicator, candidates: list[str]) -> str:
    """The URL of a published page with its letter case changed (PL204 has a safe fix for it)."""
    for src in candidates + rep.content:
        url = rep.url_of.get(src)
        if url and url != url.upper() and url.count("/") > 1:
            return url.upper()
    return ""


@dataclass
class Verification:
    """postlint's findings in copies 1.. against those of the files they copy."""

    expected: dict[str, int]  # per rule: the originals' findings, once per further copy
    found: dict[str, int]  # per rule: the copies' findings
    files: list[str]  # copies whose findings differ from their original's (a few)

    @property
    def differences(self) -> dict[str, tuple[int, int]]:
        return {code: (self.expected.get(code, 0), self.found.get(code, 0))
                for code in sorted(set(self.expected) | set(self.found))
                if self.expected.get(code, 0) != self.found.get(code, 0)}


def verify(corpus: Corpus, jobs: int = 0) -> Verification:
    """Lint the replica; each copy must have, per rule, its original's findings."""
    files, findings = lint_findings(Path(corpus.root), jobs=jobs)
    if sorted(files) != sorted(corpus.content):
        missing = sorted(set(corpus.content) - set(files))[:5]
        extra = sorted(set(files) - set(corpus.content))[:5]
        raise SystemExit(f"the replica's content files differ from the expected list: missing {missing}, extra {extra}")
    by_path: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for path, code in findings:
        by_path[path][code] += 1
    expected: collections.Counter[str] = collections.Counter()
    found: collections.Counter[str] = collections.Counter()
    differing: list[str] = []
    for rel in corpus.originals:
        for k in range(1, corpus.copies):
            copy = suffix_path(rel, k)
            expected.update(by_path.get(rel, {}))
            found.update(by_path.get(copy, {}))
            if by_path.get(rel, {}) != by_path.get(copy, {}) and len(differing) < 20:
                differing.append(copy)
    return Verification(dict(expected), dict(found), differing)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=4400, help="about this many content files")
    parser.add_argument("--preset", help="preset of the postlint.toml written at the root (default: the shape's)")
    parser.add_argument("--verify", action="store_true", help="lint the result and compare findings per rule")
    args = parser.parse_args()
    corpus = build(args.site, args.out, args.files, args.preset, log=lambda m: print(m, file=sys.stderr))
    print(json.dumps({k: v for k, v in asdict(corpus).items() if k not in ("content", "edit_candidates", "originals")},
                     indent=1, ensure_ascii=False))
    if args.verify:
        checked = verify(corpus)
        print("each copy has its original's findings" if not checked.files else
              "\n".join([*(f"{code}: expected {e}, found {f}" for code, (e, f) in checked.differences.items()),
                         "files: " + ", ".join(checked.files)]))


if __name__ == "__main__":
    main()
