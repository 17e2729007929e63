"""The results cache: reuse when nothing changed, invalidation when the
file, the config, the version or a file it depends on changed, and no
crash on a corrupted cache or concurrent runs."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import postlint
from founding_helpers import titled_post as post
from founding_helpers import write
from postlint.api import lint_paths, load_config
from postlint.core.diagnostics import Diagnostic, Edit, Fix, Severity
from postlint.engine import run as engine
from postlint.engine.cache import CACHE_DIR, decode_diagnostic, encode_diagnostic

SRC = Path(__file__).resolve().parents[1] / "src"
CONFIG = "permalink: /blog/:year/:month/:day/:title.html\n"
A = "_posts/2020-01-01-a.md"
B = "_posts/2020-02-01-b.md"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    write(tmp_path, {
        "_config.yml": CONFIG,
        "postlint.toml": 'preset = "jekyll"\n',
        "img/photo.png": "",
        A: post("Voir [b](/blog/2020/02/01/b.html#methode) et ![photo](/img/photo.png).\n"),
        B: post("## Methode\n\nTexte.\n"),
        "_posts/2020-03-01-c.md": post("Rien à signaler.\n"),
    })
    return tmp_path


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the per-file rules actually ran on (not taken from the cache)."""
    seen: list[str] = []
    real = engine.check_file

    def spy(run: Any, relpath: str) -> Any:
        seen.append(relpath)
        return real(run, relpath)

    monkeypatch.setattr(engine, "check_file", spy)
    return seen


def run(root: Path, **kw: Any) -> list[tuple[str, int, int, str]]:
    config = load_config(root, **kw)
    result = lint_paths([], config=config, cache=True)
    return [(d.path, d.line, d.column, d.code) for d in result.diagnostics]


def codes_in(found: list[tuple[str, int, int, str]], path: str) -> list[str]:
    return [code for p, _, _, code in found if p == path]


def test_warm_run_reuses_every_result_and_finds_the_same(site: Path, checked: list[str]) -> None:
    cold = run(site)
    assert sorted(checked) == sorted([A, B, "_posts/2020-03-01-c.md"])
    checked.clear()
    assert run(site) == cold
    assert checked == []
    assert (site / CACHE_DIR / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")


def test_library_default_writes_no_cache(site: Path) -> None:
    lint_paths([], config=load_config(site))
    assert not (site / CACHE_DIR).exists()


def test_content_change_rechecks_that_file_only(site: Path, checked: list[str]) -> None:
    run(site)
    checked.clear()
    write(site, {"_posts/2020-03-01-c.md": post("Une [image](/img/absente.png).\n")})
    found = run(site)
    assert checked == ["_posts/2020-03-01-c.md"]
    assert "PL203" in codes_in(found, "_posts/2020-03-01-c.md") or "PL201" in codes_in(found, "_posts/2020-03-01-c.md")


def test_config_change_rechecks_everything(site: Path, checked: list[str]) -> None:
    run(site)
    checked.clear()
    (site / "postlint.toml").write_text('preset = "jekyll"\nignore = ["PL206"]\n', encoding="utf-8")
    run(site)
    assert len(checked) == 3


def test_version_change_rechecks_everything(site: Path, checked: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    run(site)
    checked.clear()
    monkeypatch.setattr(postlint, "__version__", "99.0.0")
    run(site)
    assert len(checked) == 3


def test_deleting_a_linked_post_rechecks_the_post_linking_to_it(site: Path) -> None:
    assert codes_in(run(site), A) == []
    (site / B).unlink()
    assert codes_in(run(site), A) == ["PL203"]


def test_renaming_a_linked_post_rechecks_the_post_linking_to_it(site: Path) -> None:
    run(site)
    (site / B).rename(site / "_posts/2020-02-02-b.md")
    assert codes_in(run(site), A) == ["PL203"]


def test_deleting_a_linked_asset_rechecks_the_post(site: Path) -> None:
    run(site)
    (site / "img/photo.png").unlink()
    assert "PL203" in codes_in(run(site), A) or "PL201" in codes_in(run(site), A)


def test_editing_the_heading_a_post_links_to_rechecks_the_linking_post(site: Path, checked: list[str]) -> None:
    run(site)
    checked.clear()
    write(site, {B: post("## Autre chose\n\nTexte.\n")})  # same front matter: only the body changed
    found = run(site)
    assert sorted(checked) == [A, B]  # A read B's headings: it depends on B's content
    assert codes_in(found, A) == ["PL206"]


def test_a_front_matter_change_elsewhere_rechecks_the_others(site: Path, checked: list[str]) -> None:
    run(site)
    checked.clear()
    write(site, {B: "---\ntitle: Titre\npermalink: /ailleurs/\n---\n## Methode\n"})
    found = run(site)
    assert A in checked
    assert codes_in(found, A) == ["PL203"]


def test_a_corrupted_cache_file_is_ignored_and_rebuilt(site: Path, checked: list[str]) -> None:
    cold = run(site)
    db = site / CACHE_DIR / "cache.sqlite3"
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    db.write_bytes(b"this is not a database" * 100)
    checked.clear()
    assert run(site) == cold
    assert len(checked) == 3
    checked.clear()
    assert run(site) == cold
    assert checked == []


def test_a_corrupted_row_is_recomputed(site: Path, checked: list[str]) -> None:
    cold = run(site)
    with sqlite3.connect(site / CACHE_DIR / "cache.sqlite3") as db:
        db.execute("UPDATE results SET data = '{not json' WHERE path = ?", (A,))
    checked.clear()
    assert run(site) == cold
    assert checked == [A]


def test_no_cache_bypasses_it(site: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(SRC))
    subprocess.run([sys.executable, "-m", "postlint", "check", "--no-cache"], cwd=site, env=env, capture_output=True)
    assert not (site / CACHE_DIR).exists()
    out = site / "elsewhere"
    subprocess.run([sys.executable, "-m", "postlint", "check", "--cache-dir", str(out)], cwd=site, env=env,
                   capture_output=True)
    assert (out / "cache.sqlite3").exists() and not (site / CACHE_DIR).exists()


def test_concurrent_runs_do_not_crash_and_agree(site: Path) -> None:
    for n in range(30):
        write(site, {f"_posts/2021-01-{n % 28 + 1:02d}-p{n}.md": post(f"Lien vers [a](/blog/2020/01/01/a.html) {n}.\n")})
    env = dict(os.environ, PYTHONPATH=str(SRC))
    cmd = [sys.executable, "-m", "postlint", "check", "--format", "json", "-j", "1"]
    procs = [subprocess.Popen(cmd, cwd=site, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(4)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode in (0, 1) for p in procs), [o[1] for o in outs]
    assert all(err == b"" for _, err in outs)
    assert len({out for out, _ in outs}) == 1
    again = subprocess.run(cmd, cwd=site, env=env, capture_output=True)
    assert again.stdout == outs[0][0]


def test_diagnostics_round_trip_through_json() -> None:
    import datetime as dt

    diag = Diagnostic("a.md", 2, 3, "PL406", "expired-offer", Severity.WARNING, "default",
                      {"deadline": dt.date(2018, 12, 16), "tags": ["a", "b"], "pair": (1, "x")}, 2, 9,
                      Fix((Edit(1, 4, "x"),), safe=False, description="d"))
    assert decode_diagnostic(encode_diagnostic(diag)) == diag


def tagged(tags: str, body: str = "Texte.\n") -> str:
    return f"---\ntitle: Titre\ntags: {tags}\n---\n{body}"


@pytest.fixture
def tag_site(tmp_path: Path) -> Path:
    write(tmp_path, {
        "_config.yml": CONFIG,
        "postlint.toml": 'preset = "jekyll"\n[tags]\nvocabulary-from-pages = false\n',
        "tag/design.md": "---\ntag: design\n---\n",
        A: tagged("[design]"),
        B: tagged("[design]"),
        "_posts/2020-03-01-c.md": tagged("[design]"),
    })
    return tmp_path


def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files read as posts (front matter parsed) during a run."""
    from postlint.core.document import Post

    seen: list[str] = []
    real = Post.load.__func__  # type: ignore[attr-defined]

    def spy(cls: type[Post], path: Path, root: Path | None = None, **kw: Any) -> Post:
        seen.append(Path(path).name)
        return real(cls, path, root, **kw)

    monkeypatch.setattr(Post, "load", classmethod(spy))
    return seen


def test_a_front_matter_edit_reruns_tag_rules_on_one_file_reading_only_that_post(
        tag_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run(tag_site)
    write(tag_site, {A: tagged("[Design]")})  # a second spelling of the tag: PL312
    seen = loads(monkeypatch)
    config = load_config(tag_site)
    # as the pre-commit hook runs: only the staged file
    found = [(d.path, d.line, d.column, d.code) for d in
             lint_paths([tag_site / A], config=config, cache=True).diagnostics]
    read = list(seen)
    uncached = [(d.path, d.line, d.column, d.code) for d in lint_paths([tag_site / A], config=config).diagnostics]
    assert found == uncached
    assert "PL312" in codes_in(found, A)
    assert "2020-02-01-b.md" not in read and "2020-03-01-c.md" not in read
    assert "2020-01-01-a.md" in read


def test_a_body_edit_keeps_the_tag_rules_findings(tag_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tag_site, {B: tagged("[Design]")})
    first = run(tag_site)
    assert "PL312" in codes_in(first, B)
    write(tag_site, {A: tagged("[design]", "Texte modifié.\n")})
    seen = loads(monkeypatch)
    assert run(tag_site) == first
    assert "2020-03-01-c.md" not in seen  # only the edited post and those with findings are read


def test_a_body_edit_that_makes_a_post_unreadable_reruns_the_tag_rules(tag_site: Path) -> None:
    write(tag_site, {B: tagged("[Design]")})
    assert "PL312" in codes_in(run(tag_site), B)
    # same front-matter bytes, but the file no longer decodes: postlint reads no tags from it
    (tag_site / B).write_bytes(tagged("[Design]").encode("utf-8") + b"caf\xe9\n")
    found = run(tag_site)
    uncached = [(d.path, d.line, d.column, d.code) for d in lint_paths([], config=load_config(tag_site)).diagnostics]
    assert found == uncached
    assert "PL312" not in codes_in(found, B)


def test_a_warm_run_reads_no_post_and_builds_no_site_map(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = run(site)
    seen = loads(monkeypatch)
    from postlint.engine.cache import Cache
    from postlint.site.sitemap import SiteMap

    built: list[str] = []
    real_entry, real_map = SiteMap._entry, Cache.site_map
    monkeypatch.setattr(SiteMap, "_entry", lambda self, rel: built.append(rel) or real_entry(self, rel))
    monkeypatch.setattr(Cache, "site_map", lambda self, key: built.append("stored") or real_map(self, key))
    assert run(site) == first
    assert seen == [] and built == []


def test_the_walk_gives_each_file_its_stat(site: Path) -> None:
    from postlint.site.index import walk_files

    stats: dict[str, tuple[int, int, int, int]] = {}
    files = sorted(walk_files(site, load_config(site), stats))
    assert A in files and sorted(stats) == files
    st = os.stat(site / A)
    assert stats[A] == (st.st_mtime_ns, st.st_size, st.st_ctime_ns, st.st_ino)


@pytest.mark.parametrize("sql", [
    "UPDATE files SET mtime = 'x', sha = NULL",
    "UPDATE files SET seen = NULL",
    "UPDATE files SET ino = 1.5",
    "UPDATE entries SET data = '[1, 2]'",
    "UPDATE entries SET data = NULL",
    "UPDATE sitemaps SET data = '[[1]]', statuses = '[]'",
    "UPDATE sitemaps SET site_key = 7",
    "UPDATE results SET deps = '[]'",
    "UPDATE results SET data = '[{\"p\": 1}]'",
    "UPDATE results SET data = '[{\"p\": \"a\", \"l\": 1, \"c\": 1, \"code\": \"PL203\", \"n\": \"x\", \"s\": \"nope\"}]'",
    "UPDATE summaries SET data = '{'",
    "UPDATE repo SET data = '[{}]'",
    "DROP TABLE results",
])
def test_any_malformed_row_is_ignored_and_rebuilt(site: Path, sql: str) -> None:
    cold = run(site)
    with sqlite3.connect(site / CACHE_DIR / "cache.sqlite3") as db:
        db.execute(sql)
    assert run(site) == cold
    assert run(site) == cold


def test_a_racy_entry_is_hashed_again(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file changed in the same timestamp tick as it was hashed may change
    again without its stat changing (coarse timestamps): its stored hash
    must not be trusted, as git does with "racy" index entries."""
    from postlint.engine import cache as c

    root = site
    cache = c.Cache(root)
    stats = {A: (1, 2, 3, 4)}  # a stat the next change keeps (coarse timestamps)
    monkeypatch.setattr(c.time, "time_ns", lambda: 1 + 10**9)  # hashed within the tick of the change
    first = cache.file_facts(root, [A], stats)
    (root / A).write_text((root / A).read_text().replace("Voir", "Lire"))
    again = cache.file_facts(root, [A], stats)
    assert again[A] != first[A]  # read again: the new content's hash
    monkeypatch.setattr(c.time, "time_ns", lambda: 60 * 10**9)  # hashed well after the change
    cache.file_facts(root, [A], {A: (1, 2, 3, 5)})
    (root / A).write_text((root / A).read_text().replace("Lire", "Voir"))
    trusted = cache.file_facts(root, [A], {A: (1, 2, 3, 5)})
    assert trusted[A] == again[A]  # an old entry with the same stat stands for the file (not read)
    cache.close()
