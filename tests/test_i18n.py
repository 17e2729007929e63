"""Messages in French and English: catalogue completeness, placeholders,
language selection order, and the French output of the eig preset."""

from __future__ import annotations

import gettext
import io
import json
import os
import re
import string
from pathlib import Path
from typing import Any

import pytest
import tomllib

from postlint import i18n
from postlint.cli import main
from postlint.i18n import catalogue
from postlint.rules import registry
from postlint.rules.base import rule

ROOT = Path(__file__).resolve().parents[1]
P = "_posts/"
BAD_POST = "---\ntitle: Sans auteur\nlayout: post\n---\nTexte.\n"


def corpus() -> Path:
    env = os.environ.get("POSTLINT_CORPUS")
    path = Path(env) if env else ROOT.parent / "shared" / "corpus" / "eig-site"
    if not path.is_dir():
        pytest.skip(f"corpus not available at {path} (set POSTLINT_CORPUS)")
    return path


def site(tmp_path: Path, config: str = "") -> Path:
    (tmp_path / "_posts").mkdir(parents=True)
    (tmp_path / P / "2024-01-01-sans-auteur.md").write_text(BAD_POST, encoding="utf-8")
    (tmp_path / "postlint.toml").write_text(config + 'select = ["PL101"]\n[[files]]\ninclude = "_posts/**"\nschema = "need-author"\n'
                                            '[schemas.need-author.fields.author]\nrequired = true\n',
                                            encoding="utf-8")
    return tmp_path


@pytest.fixture
def no_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in i18n.LOCALE_VARIABLES:
        monkeypatch.delenv(var, raising=False)


def check(tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    monkeypatch.chdir(tmp)
    main(["check", *args])
    return capsys.readouterr().out


# -- the catalogue ----------------------------------------------------------

def test_every_message_summary_and_string_has_a_french_translation() -> None:
    pytest.importorskip("babel")
    assert catalogue.check() == []


def test_a_rule_without_translation_is_reported() -> None:
    @rule("PL998", "temporary-rule", "A rule nobody translated yet.",
          messages={"default": "`{key}` is not translated", "other": "nor is {value!r}"})
    def temporary(post: Any, ctx: Any) -> Any:
        """Not translated."""
        return iter(())

    found = catalogue.problems(catalogue.rule_entries([temporary]), i18n.translations("fr"))
    assert found == [
        "missing translation: [PL998:summary] 'A rule nobody translated yet.'",
        "missing translation: [PL998:default] '`{key}` is not translated'",
        "missing translation: [PL998:other] 'nor is {value!r}'",
    ]
    # the real rules are all translated
    assert catalogue.problems(catalogue.rule_entries(), i18n.translations("fr")) == []


def _catalogue(tmp_path: Path, entries: str) -> gettext.GNUTranslations:
    pytest.importorskip("babel")
    po = tmp_path / "x.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n'
                  '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n' + entries, encoding="utf-8")
    return gettext.GNUTranslations(io.BytesIO(i18n.compile_catalogue("fr", po)))


def test_placeholders_that_differ_from_the_english_are_reported(tmp_path: Path) -> None:
    translated = _catalogue(tmp_path, 'msgctxt "PL1:a"\nmsgid "`{key}` is {value!r}"\nmsgstr "`{cle}` vaut {value!r}"\n\n'
                                     'msgctxt "PL1:b"\nmsgid "got {value!r}"\nmsgstr "reçu {value}"\n\n'
                                     'msgctxt "PL1:c"\nmsgid "fine {n}"\nmsgstr "bien {n}"\n\n'
                                     'msgid "{n} file"\nmsgid_plural "{n} files"\nmsgstr[0] "{n} fichier"\n'
                                     'msgstr[1] "{m} fichiers"\n')
    found = catalogue.problems([("PL1:a", "`{key}` is {value!r}", None), ("PL1:b", "got {value!r}", None),
                                 ("PL1:c", "fine {n}", None), (None, "{n} file", "{n} files")], translated)
    assert [line.split(": ")[:2] for line in found] == [
        ["placeholders differ", "[PL1:a] '`{key}` is {value!r}'"],
        ["placeholders differ", "[PL1:b] 'got {value!r}'"],
        ["placeholders differ", "'{n} file'"],
    ]


def test_the_committed_mo_is_the_compiled_po() -> None:
    pytest.importorskip("babel")
    fresh = gettext.GNUTranslations(io.BytesIO(i18n.compile_catalogue("fr")))
    with i18n.mo_path("fr").open("rb") as fh:
        committed = gettext.GNUTranslations(fh)
    stale = {k for k in fresh._catalog.keys() | committed._catalog.keys()  # type: ignore[attr-defined]
             if fresh._catalog.get(k) != committed._catalog.get(k)}  # type: ignore[attr-defined]
    assert not stale, "run `python -m postlint.i18n compile` after editing the .po"


def test_french_typography_in_the_catalogue() -> None:
    raw = i18n.translations("fr")._catalog  # type: ignore[attr-defined]
    for key, text in raw.items():
        if not key or not text:
            continue
        assert not re.search(r" [:;?!](\s|$)", text), f"ordinary space before punctuation in {text!r}"
        assert "« " not in text and " »" not in text, text
        assert "'" not in text.replace("'---'", ""), f"typewriter apostrophe in {text!r}"


def test_build_step_and_package_data_ship_the_catalogue() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["setuptools"]["cmdclass"]["build_py"] == "postlint._build.BuildPy"
    assert any("babel" in req for req in config["build-system"]["requires"])
    data = config["tool"]["setuptools"]["package-data"]["postlint"]
    assert {"locales/*/LC_MESSAGES/*.mo", "locales/*/LC_MESSAGES/*.po", "locales/*/rules/*.md"} <= set(data)
    pytest.importorskip("babel")
    from postlint import _build

    assert _build.compile_po(i18n.po_path("fr"), "fr") == i18n.compile_catalogue("fr")


# -- choosing the language ----------------------------------------------------

@pytest.mark.parametrize(("flag", "config", "env", "expected"), [
    ("fr", "en", {"LC_ALL": "en_US.UTF-8"}, "fr"),
    ("en", "fr", {"LANG": "fr_FR.UTF-8"}, "en"),
    (None, "fr", {"LC_ALL": "en_US.UTF-8"}, "fr"),
    (None, "en", {"LANG": "fr_FR.UTF-8"}, "en"),
    (None, None, {"LC_ALL": "fr_FR.UTF-8", "LC_MESSAGES": "en_GB", "LANG": "en_US"}, "fr"),
    (None, None, {"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}, "en"),
    (None, None, {"LC_ALL": "", "LC_MESSAGES": "fr_BE@euro", "LANG": "en_US"}, "fr"),
    (None, None, {"LC_MESSAGES": "POSIX", "LANG": "fr_FR.UTF-8"}, "en"),
    (None, None, {"LANG": "fr_CA.UTF-8"}, "fr"),
    (None, None, {"LANG": "de_DE.UTF-8"}, "en"),
    (None, None, {}, "en"),
])
def test_language_order_flag_config_lc_all_lc_messages_lang(flag: str | None, config: str | None,
                                                           env: dict[str, str], expected: str) -> None:
    assert i18n.choose_language(flag, config, env) == expected


def test_cli_follows_flag_then_config_then_locale(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch, no_locale: None) -> None:
    english, french = "`author` is missing", "`author` manque"
    plain = site(tmp_path / "plain")
    assert english in check(plain, capsys, monkeypatch)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert french in check(plain, capsys, monkeypatch)
    monkeypatch.setenv("LC_ALL", "C")
    assert english in check(plain, capsys, monkeypatch)
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    out = check(plain, capsys, monkeypatch, "--lang", "en")
    assert english in out and "1 error, 0 warnings in 1 file (1 file checked)." in out
    configured = site(tmp_path / "configured", 'lang = "en"\n')
    assert english in check(configured, capsys, monkeypatch)  # config beats LC_ALL
    out = check(configured, capsys, monkeypatch, "--lang", "fr")  # the flag beats the config
    assert french in out and "1\u00a0erreur" not in out and "1 erreur, 0 avertissement dans 1 fichier" in out


def test_the_eig_preset_speaks_french(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch, no_locale: None) -> None:
    root = site(tmp_path)
    assert "manque" in check(root, capsys, monkeypatch, "--preset", "eig", "--select", "PL101")
    assert "is missing" in check(root, capsys, monkeypatch, "--preset", "eig", "--select", "PL101", "--lang", "en")


def test_a_command_leaves_no_language_behind(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    check(site(tmp_path), capsys, monkeypatch, "--lang", "fr")
    assert i18n.current_language() == "en"
    diag = registry().rules["PL101"].diagnostic("a.md", "default", 1, 1, key="author", schema="post")
    assert diag.message == "`author` is missing (required by the post schema)"
    assert diag.render("fr") == "`author` manque (exigé par le schéma post)"
    with i18n.use_language("fr"):
        assert diag.message == diag.render("fr") == diag.render()
        assert diag.render("en").endswith("(required by the post schema)")
    assert i18n.current_language() == "en"


def test_english_runs_never_load_a_catalogue(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    i18n._load.cache_clear()
    check(site(tmp_path), capsys, monkeypatch, "--lang", "en")
    assert i18n._load.cache_info().currsize == 0


def test_parameter_phrases_are_translated_with_the_message() -> None:
    broken = registry().rules["PL203"]
    link = broken.diagnostic("a.md", "default", 1, 1, where="Link", target="/x", suggestion=" (did you mean /y?)")
    assert link.render("en") == "Link to /x: no page or file of the site is published there (did you mean /y?)"
    assert link.render("fr") == ("Le lien vers /x\u00a0: aucune page ni aucun fichier du site n’est publié à cette "
                                 "adresse (vouliez-vous dire /y\u202f?)")
    key = broken.diagnostic("a.md", "default", 1, 1, where="`image`", target="/x", suggestion="")
    assert key.render("fr").startswith("`image` vers /x\u00a0:")


# -- rules and their explanations ---------------------------------------------

def test_rules_and_rule_in_french(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                  tmp_path: Path, no_locale: None) -> None:
    monkeypatch.chdir(tmp_path)
    main(["rules", "--lang", "fr"])
    listing = capsys.readouterr().out
    assert re.search(r"^PL101  missing-key +error", listing, re.M) and "Il manque une clé exigée par le schéma." in listing
    main(["rules", "--lang", "fr", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert {r["code"] for r in data} == {r.code for r in registry()}
    main(["rule", "PL101", "--lang", "fr"])
    assert capsys.readouterr().out.startswith("PL101 missing-key (error)\n\nIl manque une clé")
    assert main(["rule", "PL1O1x", "--lang", "fr"]) == 2
    assert "règle inconnue 'PL1O1x'" in capsys.readouterr().err


def test_explanation_reads_the_french_file_or_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = registry().get("PL101")
    assert target is not None
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    assert i18n.explanation(target, "fr") == target.explanation  # no French file yet
    (tmp_path / "fr" / "rules").mkdir(parents=True)
    (tmp_path / "fr" / "rules" / "PL101.md").write_text("Signale une clé manquante.\n\n## Pourquoi c’est important\n",
                                                        encoding="utf-8")
    assert i18n.explanation(target, "fr").startswith("Signale une clé manquante.")
    assert i18n.explanation(target, "en") == target.explanation


# -- the corpus ------------------------------------------------------------------

def _french_pattern(code: str, message_id: str) -> re.Pattern[str]:
    rule_ = registry().rules[code]
    french = i18n.rule_message(code, message_id, rule_.messages[message_id], "fr")
    parts = []
    for literal, name, _spec, _conv in string.Formatter().parse(french):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append("(.*?)")
    return re.compile("".join(parts) + r"\Z", re.S)


def test_corpus_with_eig_preset_and_french_is_all_french(capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    root = corpus()
    from postlint.api import lint_paths

    result = lint_paths([root], preset="eig")
    assert result.diagnostics
    english_only = []
    for diag in result.diagnostics:
        english = registry().rules[diag.code].messages[diag.message_id]
        french = i18n.rule_message(diag.code, diag.message_id, english, "fr")
        if french == english or not _french_pattern(diag.code, diag.message_id).match(diag.render("fr")):
            english_only.append(f"{diag.code}:{diag.message_id} {diag.render('fr')}")
    assert not english_only
    monkeypatch.chdir(root)
    main(["check", "--preset", "eig", "--lang", "fr", "--no-cache"])  # never write into the shared corpus
    lines = capsys.readouterr().out.splitlines()
    found = len(result.diagnostics)
    assert lines[:found] == [f"{d.path}:{d.line}:{d.column}: {d.code} {d.render('fr')}" + (" [*]" if d.fix else "")
                             for d in result.diagnostics]
    summary = lines[found:]  # the counts, then what was checked and left out, all in French
    assert " erreurs, " in summary[0] and "fichiers vérifiés" in summary[0]
    assert summary[1].startswith("Vérifiés\u00a0: ") and "articles" in summary[1]
    assert "que Jekyll ne publie pas" in summary[2]
