"""``postlint lsp`` driven as an editor drives it: a subprocess, JSON-RPC
over stdio (tests/lsp_client.py), on a small site written here."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygls")

from founding_helpers import VALID_POST, make_site, post_with
from lsp_client import Client, apply_edits

A = "_posts/2024-01-01-a.md"
B = "_posts/2024-01-02-autre.md"
OFFER = "_posts/2024-01-03-offre.md"
#: a post with a wrongly cased image (PL202, safe fix) and a link to B's heading.
TEXT = post_with(image="/img/blog/ATELIER.png") + "\nVoir [la suite](/2024/01/02/autre.html#la-suite).\n"
OFFER_TEXT = """---
title: Offre de stage
layout: post
tags:
  - recrutement
---
## Vos missions

Développer des outils.

## Rejoignez-nous

Candidatures avant le 15 décembre 2099.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lsp") / "site"
    return make_site(root, {A: TEXT, B: VALID_POST + "\n## La suite\n\nTexte.\n", OFFER: OFFER_TEXT,
                            "about.md": "---\ntitle: À propos\n---\nBonjour.\n", "_layouts/post.html": "{{ content }}"},
                     config='preset = "eig"\nlang = "en"\n')


@pytest.fixture(scope="module")
def client(site: Path) -> Iterator[Client]:
    editor = Client(site, "--no-cache")
    editor.initialize(site, {"debounce": 0})
    yield editor
    editor.close()


def codes(diagnostics: list[dict[str, Any]]) -> list[tuple[str, int, int, int, int]]:
    return [(d["code"], d["range"]["start"]["line"], d["range"]["start"]["character"],
             d["range"]["end"]["line"], d["range"]["end"]["character"]) for d in diagnostics]


def actions(client: Client, uri: str, where: dict[str, Any], only: list[str] | None = None) -> list[dict[str, Any]]:
    context: dict[str, Any] = {"diagnostics": []}
    if only:
        context["only"] = only
    return list(client.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": where,
                                                           "context": context}) or [])


def at(line: int, character: int) -> dict[str, Any]:
    return {"line": line, "character": character}


def test_open_publishes_exact_ranges_codes_and_doc_links(client: Client, site: Path) -> None:
    uri = client.open(site / A, TEXT)
    found = client.diagnostics(uri)
    # `image: /img/blog/ATELIER.png` is line 6: the value starts at column 8
    assert codes(found) == [("PL202", 5, 7, 5, 28)]
    [diag] = found
    assert diag["severity"] == 1 and diag["source"] == "postlint"
    assert diag["codeDescription"]["href"].endswith("/PL202/")
    assert "atelier.png" in diag["message"] and diag["message"].isascii()  # lang = "en" in the config


def test_a_change_is_linted_as_the_file_it_stands_for(client: Client, site: Path) -> None:
    uri = client.open(site / A, TEXT)
    client.diagnostics(uri)
    last = "Un [lien](/ABOUT.html) et 🎉 [un autre](/2024/01/02/autre.html#absente).\n"
    changed = TEXT + last
    client.change(uri, changed, 2)
    found = codes(client.diagnostics(uri))
    # the site model knows about.md (letter case) and B's headings (anchor);
    # the emoji is two UTF-16 units: what follows it is one unit further
    line = changed.count("\n") - 1
    assert ("PL204", line, 10, line, 21) in found
    target = last.index("/2024") + 1
    assert [f for f in found if f[0] == "PL206"] == [("PL206", line, target, line, target + 30)]
    client.change(uri, TEXT, 3)
    assert codes(client.diagnostics(uri)) == [("PL202", 5, 7, 5, 28)]


def test_the_quick_fix_repairs_the_buffer(client: Client, site: Path) -> None:
    uri = client.open(site / A, TEXT)
    [diag] = client.diagnostics(uri)
    found = actions(client, uri, diag["range"])
    fix = next(a for a in found if a["title"].startswith("Fix:"))
    assert fix["kind"] == "quickfix" and fix["isPreferred"] is True
    fixed = apply_edits(TEXT, fix["edit"]["changes"][uri])
    assert fixed == TEXT.replace("ATELIER", "atelier")
    client.change(uri, fixed, 5)
    assert client.diagnostics(uri) == []
    client.change(uri, TEXT, 6)
    client.diagnostics(uri)


def test_an_unsafe_fix_is_offered_as_such_and_left_out_of_fix_all(client: Client, site: Path) -> None:
    uri = client.open(site / A, TEXT)
    client.diagnostics(uri)
    text = TEXT.replace("  - méthode\n", "  - desing\n")
    client.change(uri, text, 30)
    [tag] = [d for d in client.diagnostics(uri) if d["code"] == "PL301"]
    fix = next(a for a in actions(client, uri, tag["range"]) if "PL301" in a["title"] and "Disable" not in a["title"])
    assert fix["title"].startswith("Fix (unsafe):") and fix["isPreferred"] is False
    assert apply_edits(text, fix["edit"]["changes"][uri]) == text.replace("desing", "design")
    [fix_all] = actions(client, uri, tag["range"], only=["source.fixAll"])
    fixed = apply_edits(text, fix_all["edit"]["changes"][uri])
    assert "desing" in fixed and "ATELIER" not in fixed  # the safe fix only
    client.change(uri, TEXT, 31)
    client.diagnostics(uri)


def test_disable_for_this_line_suppresses_only_that_finding(client: Client, site: Path) -> None:
    uri = client.open(site / A, TEXT)
    [diag] = client.diagnostics(uri)
    disable = next(a for a in actions(client, uri, diag["range"]) if a["title"] == "Disable PL202 for this line")
    edited = apply_edits(TEXT, disable["edit"]["changes"][uri])
    assert "# <!-- postlint-disable-next-line PL202 -->\nimage:" in edited  # a YAML comment in front matter
    client.change(uri, edited, 7)
    assert client.diagnostics(uri) == []
    body = edited + "Un [lien](/ABOUT.html).\n"
    client.change(uri, body, 8)
    [link] = client.diagnostics(uri)
    disable = next(a for a in actions(client, uri, link["range"]) if a["title"] == "Disable PL204 for this line")
    client.change(uri, apply_edits(body, disable["edit"]["changes"][uri]), 9)
    assert client.diagnostics(uri) == []
    client.change(uri, TEXT, 10)
    client.diagnostics(uri)


def test_fix_all_applies_every_safe_fix_and_leaves_unsafe_ones(client: Client, site: Path) -> None:
    uri = client.open(site / A, TEXT)
    client.diagnostics(uri)
    text = TEXT + "Un [lien](/ABOUT.html) et [un autre](http://example.org/).\n"
    client.change(uri, text, 11)
    found = client.diagnostics(uri)
    assert {d["code"] for d in found} >= {"PL202", "PL204"}
    whole = at(0, 0), at(text.count("\n"), 0)
    [fix_all] = actions(client, uri, {"start": whole[0], "end": whole[1]}, only=["source.fixAll"])
    assert fix_all["kind"] == "source.fixAll.postlint"
    fixed = apply_edits(text, fix_all["edit"]["changes"][uri])
    assert "/img/blog/atelier.png" in fixed and "(/about.html)" in fixed
    client.change(uri, fixed, 12)
    left = {d["code"] for d in client.diagnostics(uri)}
    assert "PL202" not in left and "PL204" not in left
    client.change(uri, TEXT, 13)
    client.diagnostics(uri)


def test_mark_filled_on_a_job_offer(client: Client, site: Path) -> None:
    uri = client.open(site / OFFER, OFFER_TEXT)
    client.diagnostics(uri)
    found = actions(client, uri, {"start": at(0, 0), "end": at(0, 0)}, only=["refactor"])
    mark = next(a for a in found if a["title"] == "Mark this job offer as filled")
    marked = apply_edits(OFFER_TEXT, mark["edit"]["changes"][uri])
    assert marked == _mark_filled_command(site / OFFER)  # what `postlint mark-filled` would write
    client.change(uri, marked, 2)
    assert not any(d["code"] == "PL405" for d in client.diagnostics(uri))
    after = actions(client, uri, {"start": at(0, 0), "end": at(0, 0)}, only=["refactor"])
    assert not any(a["title"] == "Mark this job offer as filled" for a in after)  # already filled


def _mark_filled_command(path: Path) -> str:
    from postlint.api import load_config
    from postlint.commands.mark import mark_filled_file
    from postlint.engine.run import Run

    with Run(load_config(path)) as run:
        result = mark_filled_file(path, run, write=False)
    assert result.status == "marked" and result.file_fix and result.file_fix.result
    return result.file_fix.result.new_text


def test_completion_of_keys_tags_and_link_targets(client: Client, site: Path) -> None:
    uri = client.open(site / A, TEXT)
    client.diagnostics(uri)
    text = TEXT.replace("twitter: camille_m\n", "twitter: camille_m\npu\n")
    client.change(uri, text, 20)
    client.diagnostics(uri)
    keys = client.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": at(7, 2)})
    labels = [i["label"] for i in keys["items"]]
    assert "published" in labels and "title" not in labels  # present keys are not offered again
    item = next(i for i in keys["items"] if i["label"] == "published")
    assert apply_edits(text, [item["textEdit"]]).count("published: \n") == 1
    tags = client.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": at(9, 4)})
    assert {"design", "méthode"} <= {i["label"] for i in tags["items"]}
    body = text + "Voir [ici](/2024/01/02/autre.html#la"
    client.change(uri, body, 21)
    client.diagnostics(uri)
    end = at(body.count("\n"), len(body.rsplit("\n", 1)[1]))
    anchors = client.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": end})
    assert [i["label"] for i in anchors["items"]] == ["#la-suite"]
    body = text + "Voir [ici](/ab"
    client.change(uri, body, 22)
    client.diagnostics(uri)
    end = at(body.count("\n"), len(body.rsplit("\n", 1)[1]))
    urls = client.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": end})
    [about] = [i for i in urls["items"] if i["label"].startswith("/ab")]
    assert about["detail"] == "about.md"
    assert apply_edits(body, [about["textEdit"]]).endswith("[ici](/about.html")
    client.change(uri, TEXT, 23)
    client.diagnostics(uri)


def test_hover_on_a_key_and_on_a_link(client: Client, site: Path) -> None:
    uri = client.open(site / A, TEXT)
    client.diagnostics(uri)
    key = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": at(2, 1)})
    assert key["contents"]["value"].startswith("**title**") and "eig-post" in key["contents"]["value"]
    line = TEXT.count("\n") - 1
    link = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": at(line, 20)})
    assert f"`{B}`" in link["contents"]["value"] and "#la-suite" in link["contents"]["value"]


def test_shutdown_and_exit(site: Path) -> None:
    editor = Client(site, "--no-cache")
    try:
        editor.initialize(site)
        assert editor.shutdown() == 0
    finally:
        editor.close()


def test_without_the_extra_it_says_how_to_install_it(tmp_path: Path) -> None:
    blocker = tmp_path / "sitecustomize.py"
    blocker.write_text("import sys\nsys.modules['pygls'] = None\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "postlint", "lsp"], capture_output=True, text=True, timeout=30,
                         env={"PYTHONPATH": f"{tmp_path}:{Path(__file__).parents[1] / 'src'}", "PATH": ""})
    assert run.returncode == 2
    assert "pip install 'postlint[lsp]'" in run.stderr and "Traceback" not in run.stderr


def test_quick_keystrokes_are_linted_once_after_the_pause(site: Path) -> None:
    editor = Client(site, "--no-cache")
    try:
        editor.initialize(site, {"debounce": 500})
        uri = editor.open(site / A, TEXT)
        editor.diagnostics(uri)
        for version in (2, 3, 4):
            editor.change(uri, TEXT + "x" * version + "\n", version)
        params, _when = editor.wait_for("textDocument/publishDiagnostics", uri)
        assert params["version"] == 4  # the pause restarted at each keystroke: one lint, of the last text
        with pytest.raises(Exception, match="no textDocument/publishDiagnostics"):
            editor.wait_for("textDocument/publishDiagnostics", uri, timeout=0.8)
    finally:
        editor.close()
