"""Build a site with the real ``jekyll build`` and read back what it published.

Jekyll is asked for its own mapping by a generated page (plugins stay off:
``--safe``): Liquid loops over ``site.pages``, every collection's documents
and files, and ``site.static_files``, writing one JSON object a line. The
conformance tests compare that, and the files written, with postlint's site
model.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: the helper page; its name must not start with "_" or "." (Jekyll would skip it).
HELPER = "postlint-conformance-helper.liquid"
HELPER_OUTPUT = "postlint-conformance.jsonl"

_HELPER_TEXT = """---
layout: null
permalink: /%s
sitemap: false
---
{%% for p in site.pages %%}{"kind": "page", "path": {{ p.path | jsonify }}, "url": {{ p.url | jsonify }}, "relative_url": {{ p.url | relative_url | jsonify }}}
{%% endfor %%}{%% for c in site.collections %%}{%% for d in c.docs %%}{"kind": "document", "collection": {{ c.label | jsonify }}, "output": {{ c.output | jsonify }}, "path": {{ d.relative_path | jsonify }}, "url": {{ d.url | jsonify }}, "relative_url": {{ d.url | relative_url | jsonify }}}
{%% endfor %%}{%% for f in c.files %%}{"kind": "static", "collection": {{ c.label | jsonify }}, "output": {{ c.output | jsonify }}, "path": {{ f.path | jsonify }}, "url": null}
{%% endfor %%}{%% endfor %%}{%% for f in site.static_files %%}{"kind": "static", "path": {{ f.path | jsonify }}, "url": null}
{%% endfor %%}""" % HELPER_OUTPUT

_HEADING = re.compile(r"<h[1-6]\b([^>]*)>", re.I)
_ID_ATTR = re.compile(r"""\bid\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)


class JekyllBuildError(RuntimeError):
    pass


@dataclass
class JekyllItem:
    """One source file Jekyll read, as the helper page reports it."""

    kind: str
    source: str
    url: str | None  # static files: Liquid does not expose their URL
    collection: str | None = None
    output: bool = True
    relative_url: str | None = None  # with baseurl, from Jekyll's relative_url filter


@dataclass
class JekyllSite:
    source: Path
    dest: Path
    items: dict[str, JekyllItem] = field(default_factory=dict)
    written: set[str] = field(default_factory=set)

    def urls(self) -> dict[str, str]:
        """source -> URL of every page and document Jekyll writes."""
        return {s: i.url for s, i in self.items.items() if i.output and i.url is not None}

    def copied_statics(self) -> set[str]:
        """Static files Jekyll wrote. Liquid lists the files it did not write
        too (``published: false`` defaults, collections without output) and
        has no URL for them: look for the copy in the destination instead."""
        copied = set()
        for source, item in self.items.items():
            if item.kind != "static" or not item.output:
                continue
            if item.collection is None:
                if source in self.written:
                    copied.add(source)
                continue
            # A collection's static file may be written under an odd name
            # (placeholders it lacks stay literal): match it by content.
            data = (self.source / source).read_bytes()
            if any((self.dest / w).read_bytes() == data for w in self.written):
                copied.add(source)
        return copied

    def heading_ids(self, output: str) -> list[str]:
        """The ids of the h1-h6 elements of a written file, in order (headings without one skipped)."""
        text = (self.dest / output).read_text(encoding="utf-8")
        ids = []
        for found in _HEADING.finditer(text):
            attr = _ID_ATTR.search(found.group(1))
            if attr is not None:
                ids.append(attr.group(1) if attr.group(1) is not None else attr.group(2))
        return ids


def jekyll_command() -> str | None:
    return shutil.which("jekyll")


def write_site(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def copy_site(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("_site", ".jekyll-cache", ".sass-cache"))
    return dest


def build(source: Path, dest: Path, *, overrides: dict[str, Any] | None = None) -> JekyllSite:
    """Run ``jekyll build --safe`` on ``source`` (which gets the helper page) into ``dest``."""
    command = jekyll_command()
    if command is None:  # pragma: no cover - callers skip first
        raise JekyllBuildError("jekyll is not installed")
    (source / HELPER).write_text(_HELPER_TEXT, encoding="utf-8")
    override = dest.parent / f"{dest.name}-override.yml"
    # JSON is YAML. No plugins, whatever the site asks for; no layouts either
    # (a missing folder): pages are written as their converted content alone,
    # so the heading ids read back are kramdown's, whatever the theme (the
    # corpus's layouts are empty files). Layouts change no URL.
    settings = {"plugins": [], "layouts_dir": "_postlint_no_layouts", **(overrides or {})}
    override.write_text(json.dumps(settings), encoding="utf-8")
    configs = [str(p) for p in (source / "_config.yml",) if p.is_file()] + [str(override)]
    args = [command, "build", "--safe", "--disable-disk-cache", "--quiet",
            "-s", str(source), "-d", str(dest), "--config", ",".join(configs)]
    # postlint reads dates without a zone as UTC (hosted builders): build in UTC too.
    env = {**os.environ, "TZ": "UTC", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120, check=False)
    if done.returncode != 0:
        raise JekyllBuildError(f"jekyll build failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    site = JekyllSite(source, dest)
    for line in (dest / HELPER_OUTPUT).read_text(encoding="utf-8").splitlines():
        if line.strip():
            for path, item in _item(json.loads(line), source).items():
                # site.static_files repeats collections' files, without their collection
                site.items.setdefault(path, item)
    site.items.pop(HELPER, None)
    site.written = {p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()}
    site.written.discard(HELPER_OUTPUT)
    return site


def _item(raw: dict[str, Any], source: Path) -> dict[str, JekyllItem]:
    path = str(raw["path"])
    if path.startswith(str(source) + "/"):
        path = path[len(str(source)) + 1 :]
    path = path.lstrip("/")  # static files' relative_path starts with "/"
    output = raw.get("output", True)
    return {path: JekyllItem(raw["kind"], path, raw["url"], raw.get("collection"), output is not False,
                             raw.get("relative_url"))}
