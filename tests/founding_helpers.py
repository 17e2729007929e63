"""Small builders shared by the foundation tests: a site in tmp_path, the
real CLI in a subprocess, compact views of diagnostics."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from postlint.api import LintResult, lint_paths
from postlint.core.diagnostics import Diagnostic

SRC = Path(__file__).resolve().parents[1] / "src"

VALID_POST = """\
---
layout: post
title: Un atelier réussi
author: Camille Martin
description: Ce que nous avons appris.
image: /img/blog/atelier.png
twitter: camille_m
tags:
  - design
  - méthode
---
Le texte du billet.
"""

EIG_CONFIG = 'preset = "eig"\n'


def write(root: Path, files: dict[str, str | bytes]) -> None:
    """Write files: ``files`` maps repo-relative paths to text or bytes."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def titled_post(body: str, title: str = "Titre") -> str:
    """A post with only a title, for tests about bodies."""
    return f"---\ntitle: {title}\n---\n{body}"


def make_site(root: Path, files: dict[str, str | bytes], config: str | None = EIG_CONFIG) -> Path:
    """Write a site: ``files`` maps repo-relative paths to content."""
    root.mkdir(parents=True, exist_ok=True)
    if config is not None:
        (root / "postlint.toml").write_text(config, encoding="utf-8")
    (root / "img" / "blog").mkdir(parents=True, exist_ok=True)
    (root / "img" / "blog" / "atelier.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    write(root, files)
    return root


def post_with(**changes: Any) -> str:
    """The valid post with keys replaced (value None: key removed)."""
    lines = VALID_POST.split("\n")
    out: list[str] = []
    skipping = False
    for ln in lines:
        key = ln.split(":", 1)[0] if ln and not ln.startswith((" ", "-")) and ":" in ln else None
        if key is not None:
            skipping = False
            if key in changes:
                skipping = True
                if changes[key] is not None:
                    out.append(f"{key}: {changes[key]}")
                continue
        elif skipping and ln.startswith("  "):
            continue
        elif ln == "---" and out and out[0] == "---" and len(out) > 0:
            skipping = False
        out.append(ln)
    return "\n".join(out)


def found(result: LintResult | Iterable[Diagnostic]) -> list[tuple[str, int, int, str]]:
    diags = result.diagnostics if isinstance(result, LintResult) else list(result)
    return [(d.path, d.line, d.column, d.code) for d in diags]


def codes_of(result: LintResult | Iterable[Diagnostic]) -> list[str]:
    return [f[3] for f in found(result)]


def lint(root: Path, *paths: str, **kw: Any) -> LintResult:
    # these sites use the eig preset, French by default: the tests read English
    kw.setdefault("lang", "en")
    return lint_paths([root / p for p in paths] if paths else [root], **kw)


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}
    full_env.pop("FORCE_COLOR", None)
    return subprocess.run(
        # these sites use the eig preset, French by default: the tests read English
        [sys.executable, "-m", "postlint", *args[:1], "--lang", "en", *args[1:]],
        cwd=cwd, env=full_env, capture_output=True, text=True, timeout=60,
    )
