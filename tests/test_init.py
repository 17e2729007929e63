"""``postlint init``: a configuration inferred from the site, that
``postlint check`` then uses with no edit.

Small sites are written here; the corpus tests (skipped without
``../shared/corpus``) run init then check on three real sites.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

from postlint.api import config_from_table, lint_paths, load_config
from postlint.cli import main
from postlint.commands.init import infer, init_site, render, validate

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SITE_CONFIG = """\
url: https://example.org
permalink: /blog/:year/:title.html
collections:
  startups:
    output: true
  team:
    output: true
    permalink: /team/:title.html
defaults:
  - scope:
      path: ""
      type: posts
    values:
      layout: post
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def post(n: int, body: str = "Texte.\n", **keys: Any) -> tuple[str, str]:
    lines = ["---"]
    for key, value in keys.items():
        lines.append(f"{key}: {value}")
    lines.append("---")
    return f"_posts/2024-01-{n:02d}-billet-{n}.md", "\n".join(lines) + "\n\n" + body


def site_with(tmp_path: Path, posts: list[tuple[str, str]], extra: dict[str, str] | None = None) -> Path:
    files = {"_config.yml": SITE_CONFIG, **dict(posts), **(extra or {})}
    return write(tmp_path / "site", files)


def inferred(root: Path) -> tuple[str, dict[str, Any]]:
    text = render(infer(root))
    return text, tomllib.loads(text)


def fields(table: dict[str, Any], schema: str) -> dict[str, Any]:
    result: dict[str, Any] = table["schemas"][schema].get("fields", {})
    return result


def checked(root: Path, text: str) -> list[Any]:
    config = config_from_table(tomllib.loads(text), root)
    return lint_paths([], config=config).diagnostics


# -- types ------------------------------------------------------------------------------
def test_types_are_inferred_from_the_values(tmp_path: Path) -> None:
    posts = [post(i, title=f"Billet {i}", count=i, draft="false", when=f"2024-02-{i:02d}",
                  link=f"https://example.com/{i}", cover=f"/img/p{i}.png", meta="{a: 1}",
                  authors="[Ana, Bo]", mixed="[a]" if i % 2 else "a", note=f"Note {i}", empty='""' if i % 2 else "x")
             for i in range(1, 7)]
    images = {f"img/p{i}.png": "" for i in range(1, 7)}
    text, table = inferred(site_with(tmp_path, posts, images))
    got = {key: spec["type"] for key, spec in fields(table, "posts").items()}
    assert got == {"title": "text", "count": "integer", "draft": "boolean", "when": "date", "link": "url",
                   "cover": "asset", "meta": "mapping", "authors": "list", "mixed": "any", "note": "text",
                   "empty": "string"}
    # every inferred type accepts the values it comes from
    assert not [d for d in checked(tmp_path / "site", text) if d.code == "PL102"]


def test_page_paths_are_text_not_assets(tmp_path: Path) -> None:
    posts = [post(i, title="T", see=f"/docs/page-{i}/") for i in range(1, 7)]
    _, table = inferred(site_with(tmp_path, posts))
    assert fields(table, "posts")["see"]["type"] == "text"


def test_a_handle_with_an_at_sign_among_many_is_a_typo(tmp_path: Path) -> None:
    posts = [post(i, title="T", twitter=f"auteur{i}") for i in range(1, 12)] + [post(12, title="T", twitter="'@auteur12'")]
    root = site_with(tmp_path, posts)
    text, table = inferred(root)
    assert fields(table, "posts")["twitter"]["type"] == "handle"
    found = [d for d in checked(root, text) if d.code == "PL102"]
    assert [d.path for d in found] == ["_posts/2024-01-12-billet-12.md"]


# -- required -----------------------------------------------------------------------------
def test_required_when_almost_every_file_has_the_key(tmp_path: Path) -> None:
    posts = []
    for i in range(1, 21):
        keys: dict[str, Any] = {"title": f"Billet {i}"}
        if i != 20:
            keys["author"] = "Ana"  # 19/20: required
        if i <= 18:
            keys["summary"] = f"Résumé {i}"  # 18/20: not required
        keys["date"] = f"2024-01-{i:02d}"  # Jekyll takes it from the file name
        keys["layout"] = "post"  # defaults: give it
        keys["twitter"] = "ana" if i != 3 else ""  # one left empty on purpose
        posts.append(post(i, **keys))
    root = site_with(tmp_path, posts)
    text, table = inferred(root)
    specs = fields(table, "posts")
    assert {k for k, s in specs.items() if s.get("required")} == {"title", "author"}
    missing = [d for d in checked(root, text) if d.code == "PL101"]
    assert [(d.path, "author" in d.message) for d in missing] == [("_posts/2024-01-20-billet-20.md", True)]


def test_a_few_files_never_make_a_key_required(tmp_path: Path) -> None:
    team = {f"_team/p{i}.md": f"---\nrole: dev\nname: P{i}\n---\n" for i in range(3)}
    _, table = inferred(site_with(tmp_path, [post(1, title="T")], team))
    assert not any(s.get("required") for s in fields(table, "team").values())


# -- allowed values ------------------------------------------------------------------------
def test_allowed_values_leave_out_a_rare_misspelling(tmp_path: Path) -> None:
    levels = ["beginner"] * 10 + ["advanced"] * 8 + ["begginer"]
    posts = [post(i, title="T", level=level, author=f"Auteur {i % 4}") for i, level in enumerate(levels, 1)]
    root = site_with(tmp_path, posts)
    text, table = inferred(root)
    specs = fields(table, "posts")
    assert specs["level"]["allowed"] == ["beginner", "advanced"]
    assert "'begginer' ×1 left out" in text
    assert "allowed" not in specs["author"]  # authors are open-ended: a new one is no mistake
    bad = [d for d in checked(root, text) if d.code == "PL102"]
    assert [d.path for d in bad] == ["_posts/2024-01-19-billet-19.md"]


def test_free_text_gets_no_allowed_values(tmp_path: Path) -> None:
    posts = [post(i, title="T", topic=f"sujet {i % 9}") for i in range(1, 19)]
    _, table = inferred(site_with(tmp_path, posts))
    assert "allowed" not in fields(table, "posts")["topic"]


def test_a_rare_value_unlike_the_others_stays_allowed(tmp_path: Path) -> None:
    kinds = ["release"] * 12 + ["community"]
    posts = [post(i, title="T", category=kind) for i, kind in enumerate(kinds, 1)]
    _, table = inferred(site_with(tmp_path, posts))
    assert fields(table, "posts")["category"]["allowed"] == ["release", "community"]


# -- references ----------------------------------------------------------------------------
def test_reference_to_a_collection(tmp_path: Path) -> None:
    startups = {f"_startups/s{i}.md": f"---\ntitle: S{i}\n---\n" for i in range(10)}
    posts = [post(i, title="T", startup=f"s{i % 10}") for i in range(1, 20)] + [post(20, title="T", startup="s99")]
    # 10 of 11 distinct values name a startup: a reference, and s99 is the broken one
    root = site_with(tmp_path, posts, startups)
    text, table = inferred(root)
    assert fields(table, "posts")["startup"] == {"type": "reference", "collection": "startups", "required": True}
    refs = [d for d in checked(root, text) if d.code == "PL501"]
    assert [(d.path, "'s99'" in d.message) for d in refs] == [("_posts/2024-01-20-billet-20.md", True)]


def test_reference_to_a_data_file_with_its_url_field(tmp_path: Path) -> None:
    people = "".join(f"P{i}:\n  page: /team/p{i}.html\n" for i in range(10))
    people = people.replace("/team/p5.html", "/team/old-p5.html")  # one stale link in ten
    team = {f"_team/p{i}.md": f"---\nname: P{i}\n---\n" for i in range(10)}
    root = site_with(tmp_path, [post(1, title="T")], {**team, "_data/people.yml": people})
    text, table = inferred(root)
    assert fields(table, "team")["name"] == {"type": "reference", "required": True, "data": "_data/people.yml",
                                            "url-field": "page"}
    found = checked(root, text)
    assert not [d for d in found if d.code == "PL501"]
    assert [d.path for d in found if d.code == "PL502"] == ["_data/people.yml"]


def test_few_distinct_values_are_no_reference(tmp_path: Path) -> None:
    # `layout: post` matching a data key `post` is a coincidence
    posts = [post(i, title="T", kind="post") for i in range(1, 8)]
    data = {"_data/kinds.yml": "post: 1\npage: 2\nother: 3\n"}
    _, table = inferred(site_with(tmp_path, posts, data))
    assert fields(table, "posts")["kind"]["type"] == "text"


# -- tags ------------------------------------------------------------------------------------
def test_tag_vocabulary_flags_spelling_variants(tmp_path: Path) -> None:
    tag_sets = [["design", "outil"]] * 6 + [["Design"], ["méthode"], ["methode", "outil"], ["méthode"], ["foo"], ["méthode"]]
    posts = [post(i, title="T", tags="[" + ", ".join(tags) + "]") for i, tags in enumerate(tag_sets, 1)]
    root = site_with(tmp_path, posts)
    text, table = inferred(root)
    vocabulary = table["tags"]["vocabulary"]
    assert set(vocabulary) == {"design", "outil", "méthode"}
    assert "'Design' ×1 left out: a spelling of 'design' ×6" in text
    assert "placeholders left out: 'foo'" in text
    found = [(d.code, d.path) for d in checked(root, text) if d.code.startswith("PL30")]
    assert sorted(found) == [("PL301", "_posts/2024-01-07-billet-7.md"), ("PL301", "_posts/2024-01-09-billet-9.md"),
                             ("PL302", "_posts/2024-01-11-billet-11.md")]


def test_no_vocabulary_from_a_handful_of_posts(tmp_path: Path) -> None:
    posts = [post(i, title="T", tags="[a, b, c]") for i in range(1, 4)]
    _, table = inferred(site_with(tmp_path, posts))
    assert "tags" not in table


# -- job offers -----------------------------------------------------------------------------------
def test_job_offers_and_the_status_signals_they_use(tmp_path: Path) -> None:
    offers = [
        post(1, title="\"Offre d'emploi : développeuse\""),
        post(2, "# Offre de stage\n\n_Cette offre a été pourvue._\n", title="\"[OFFRE POURVUE] Offre de stage\""),
        post(3, title="Un billet"),
    ]
    jobs = {"_jobs/dev.md": "---\ntitle: Dev\nfilled: false\n---\n", "_jobs/ops.md": "---\ntitle: Ops\nfilled: true\n---\n"}
    config = SITE_CONFIG.replace("  team:\n", "  jobs:\n    output: true\n  team:\n")
    root = site_with(tmp_path, offers, {**jobs, "_config.yml": config})
    text, table = inferred(root)
    assert table["jobs"]["detect"]["collections"] == ["_jobs/**"]
    signals = table["jobs"]["status"]["signals"]
    assert {"kind": "marker", "text": "[OFFRE POURVUE]", "means": "filled"} in signals
    assert {"kind": "key", "key": "filled", "filled": [True], "not-filled": [False]} in signals
    assert any(s["kind"] == "notice" and s["text"] == "Cette offre a été pourvue" for s in signals)
    assert "4 found" in text
    load(root, text)


def test_no_job_section_without_offers(tmp_path: Path) -> None:
    _, table = inferred(site_with(tmp_path, [post(1, title="T")]))
    assert "jobs" not in table


# -- the command ---------------------------------------------------------------------------------
def load(root: Path, text: str) -> None:
    (root / "postlint.toml").write_text(text, encoding="utf-8")
    load_config(root)  # no ConfigError
    (root / "postlint.toml").unlink()


def test_writes_a_config_check_loads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = site_with(tmp_path, [post(i, title=f"T{i}", tags="[a, b]") for i in range(1, 8)])
    assert main(["init", "--lang", "en", str(root)]) == 0
    written = (root / "postlint.toml").read_text(encoding="utf-8")
    err = capsys.readouterr().err
    assert "posts: 7 files" in err and "wrote" in err
    assert load_config(root).schema_for("_posts/2024-01-01-billet-1.md") == "posts"
    assert written.count("\n") < 150
    assert [p.name for p in root.iterdir() if p.name.endswith(".tmp")] == []


def test_never_overwrites_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = site_with(tmp_path, [post(1, title="T")], {"postlint.toml": "# mine\n"})
    assert main(["init", "--lang", "en", str(root)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (root / "postlint.toml").read_text(encoding="utf-8") == "# mine\n"
    assert main(["init", "--lang", "en", "--force", str(root)]) == 0
    assert "postlint init" in (root / "postlint.toml").read_text(encoding="utf-8")


def test_a_pyproject_table_counts_as_a_config(tmp_path: Path) -> None:
    root = site_with(tmp_path, [post(1, title="T")], {"pyproject.toml": "[tool.postlint]\nselect = ['PL1']\n"})
    assert main(["init", "--lang", "en", str(root)]) == 2
    assert not (root / "postlint.toml").exists()


def test_dry_run_and_diff_write_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = site_with(tmp_path, [post(1, title="T")], {"postlint.toml": "# mine\n"})
    assert main(["init", "--lang", "en", "--dry-run", str(root)]) == 0
    printed = capsys.readouterr().out
    assert "[[files]]" in printed
    assert main(["init", "--lang", "en", "--diff", str(root)]) == 0
    diff = capsys.readouterr().out
    assert diff.startswith("---") and "-# mine" in diff and "+[[files]]" in diff
    assert (root / "postlint.toml").read_text(encoding="utf-8") == "# mine\n"


def test_a_folder_without_content_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert init_site(tmp_path / "empty") == 2
    assert not (tmp_path / "empty" / "postlint.toml").exists()


def test_broken_site_config_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write(tmp_path / "site", {"_config.yml": "collections: [\n", "index.md": "---\ntitle: x\n---\n"})
    assert main(["init", "--lang", "en", str(root)]) == 2
    err = capsys.readouterr().err
    assert "_config.yml" in err and "Traceback" not in err


def test_the_config_stays_short(tmp_path: Path) -> None:
    # many keys used by few pages: folded into a comment rather than past 150 lines
    pages = {f"p{i}.md": "---\n" + "".join(f"k{i}_{j}: {j}\n" for j in range(10)) + "---\n" for i in range(30)}
    root = site_with(tmp_path, [post(1, title="T")], pages)
    text, _ = inferred(root)
    assert text.count("\n") < 150
    assert "also used, not checked" in text
    validate(text, root)


# -- the real sites ---------------------------------------------------------------------------------
def corpus(name: str) -> Path:
    env = os.environ.get("POSTLINT_CORPUS_DIR")
    base = Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
    path = base / name
    if not (path / "_config.yml").is_file():
        pytest.skip(f"corpus not available at {path}")
    return path


@pytest.mark.parametrize("name", ["eig-site", "jekyll-docs", "opensource-guide"])
def test_corpus_init_then_check(name: str) -> None:
    root = corpus(name)
    text = render(infer(root))
    validate(text, root)
    assert text.count("\n") < 150
    table = tomllib.loads(text)
    assert "preset" not in table  # inferred, not a preset's knowledge
    found = checked(root, text)
    # a reference finding is about something that does not exist (checked
    # here with plain yaml and file names, not with postlint's own lookups)
    for d in found:
        if d.code == "PL501":
            assert not names_an_existing_item(root, d.message), d.message
    # the corpus sites have no missing required key nor status mismatch
    assert not [d for d in found if d.code in ("PL101", "PL405")], [d.message for d in found]


def names_an_existing_item(root: Path, message: str) -> bool:
    import re

    import yaml

    data = re.search(r"^`[^`]+`: '(.*)' is not a key of (\S+)", message)
    if data:
        loaded = yaml.safe_load((root / data.group(2)).read_text(encoding="utf-8")) or {}
        return data.group(1) in loaded
    item = re.search(r"^`[^`]+`: '(.*)' is not an item of the \S+ collection \((_[^/]+)/\)", message)
    assert item, message
    stems = {p.stem for p in (root / item.group(2)).rglob("*")}
    slugs = {re.sub(r"^\d+-\d+-\d+-", "", stem) for stem in stems}
    return item.group(1).strip() in stems | slugs


def test_corpus_eig_infers_the_sites_own_rules() -> None:
    root = corpus("eig-site")
    _, table = inferred(root)
    posts = fields(table, "posts")
    assert {k for k, s in posts.items() if s.get("required")} >= {"author", "description", "image", "layout",
                                                                  "title"}
    assert posts["layout"]["allowed"] == ["post"]
    assert fields(table, "communaute")["nom"]["data"] == "_data/personnes.yml"
    assert fields(table, "communaute")["nom"]["url-field"] == "link_to"
    assert len(table["tags"]["vocabulary"]) == 18
    kinds = {s["kind"] for s in table["jobs"]["status"]["signals"]}
    assert kinds == {"marker", "notice"}  # the site has no `filled:` key: none is asked for
