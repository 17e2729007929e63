"""The pulldown-cmark adapter (postlint.core.markdown_fast) against markdown-it-py, the reference.

Every field postlint can read from a token (type, tag, line map, markup, info,
attrs, content, level, hidden, children) must be equal, on Markdown written
for these tests and on every Markdown file of the real sites in
``../shared/corpus`` (skipped when either is absent).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyromark", reason="the fast parser needs the pyromark wheel (pip install postlint[fast])")

from markdown_it.token import Token

from postlint.core import markdown, markdown_fast
from postlint.core.document import Post

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
SITES = ("eig-site", "jekyll-docs", "opensource-guide")


def dump(tokens: list[Token] | None) -> list[Any]:
    out: list[Any] = []
    for t in tokens or []:
        out.append((t.type, t.tag, t.nesting, t.map, t.markup, t.info, dict(t.attrs), t.content, t.level,
                    t.hidden, t.block, dump(t.children) if t.children is not None else None))
    return out


def reference(text: str) -> list[Token]:
    return markdown.parser().parse(text, {})


def first_difference(text: str) -> str | None:
    ref, fast = dump(reference(text)), dump(markdown.parse(text))
    if ref == fast:
        return None
    for i, (a, b) in enumerate(zip(ref, fast)):
        if a != b:
            return f"token {i}:\n  markdown-it-py {a}\n  adapter        {b}"
    return f"{len(ref)} tokens against {len(fast)}"


SAMPLES = {
    "headings": "# Un titre `avec code` et [lien](/a)\n\n## Fermé ##\n\n###    espaces   ###  \n\n"
                "#sans-espace\n\nSoulignement\n===\n\nSur deux\nlignes\n---\n\n#\n\n####### sept\n",
    "links": "Voir [la page](/blog/2020/01/02/page.html \"Titre\"), [réf][r] et [r], <https://ex.org/a?b=c>,\n"
             "<contact@ex.org>, [vide]() et [accents](/été/à%20b) puis [js](javascript:alert(1)).\n\n"
             "[r]: /cible\n",
    "images": "![Un *logo* en `code`](/img/logo.png \"t\") ![](/img/vide.png) "
              "[![lien image](/img/a.png)](/page/)\n",
    "code": "Du `code` et ``deux ` ticks`` puis `` ` ``.\n\n    indenté\n\n\n    suite\n\n"
            "```python   \nprint(1)\n```\n\n~~~~ {.ruby}\nx\n~~~~\n\n```\nnon fermé\n",
    "html": "<div class=\"a\">\n*pas* du markdown\n</div>\n\n<!-- un\ncommentaire -->\n\n"
            "<p id=\"x\">para</p>\n\nTexte <span id=\"ancre\">avec</span> balise <br/> et <!-- c -->.\n\n"
            "<script>\nlet a = 1;\n</script>\n",
    "tables": "| Gauche | Centre | Droite |\n|:-------|:------:|-------:|\n| [a](/a) | `b \\| c` | d |\n"
              "| e | | f |\n\nTexte\n\n| seul |\n|---|\n\n| a | b |\n|---|---|\n| court |\n| x | y | z |\n"
              "ligne sans barre\n\nTexte\n| a | b |\n|---|---|\n",
    "emphasis": "**gras** au début, *em*, ***les deux***, __soulignés__ _simples_, ~~barré~~ et ~simple~,\n"
                "**gras\nsur deux lignes** et a**b**c.\n",
    "lists": "- un\n- deux\n  suite\n\n  paragraphe\n- trois\n\n1. premier\n2) autre liste\n\n"
             "3. départ à trois\n4. suite\n\n  * indentée\n    continuation\n\n-\ttabulation\n     suite\n"
             "- [ ] tâche\n\n- a\n\n[x]: /y\n",
    "nested": "- a\n  - b\n    - c\n      suite\n  - d\n\n> citation\nparesseuse\n> - liste\n>   suite\n>\n"
              "> 1. x\n>    y\n>\n> fin\n\n> > double\n> > citation\n",
    "breaks": "ligne avec deux espaces  \nligne avec barre\\\nfin\n\nFin avec espace insécable\u00a0\n",
    "entities": "&amp; &eacute; &#233; &#x41; \\* \\[pas un lien\\] &nbsp;fin\n",
    "liquid": "{% raw %}{{ page.title }}{% endraw %} [lien]({{ site.baseurl }}/a) {% link _posts/a.md %}\n"
              "{: #ancre .classe}\n\n## Titre {#id-explicite}\n",
    "crlf": "# Titre\r\n\r\nLigne un\r\nligne deux\r\n\r\n- a\r\n- b\r\n",
    "divergent": "**gras ?**\u2028\nsuite et **autre**\n",
    "tildes": "~~a~~~ ~~~b~~ a~~b~~c\n\n~~~ruby\nx\n~~~\n\n- ~~~\n  y\n  ~~~\n",
    "empty": "",
    "blank": "\n\n   \n",
    "rules": "***\n---\n___\n\n- - -\n",
    "unicode": "Émile écrit « bonjour » — [ça](/ç/é?q=ü#frag) 日本語 [リンク](/日本)\n",
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_same_tokens_as_markdown_it_on_written_samples(name: str) -> None:
    assert first_difference(SAMPLES[name]) is None


def test_a_difference_would_be_seen() -> None:
    # the comparison itself is not blind: change one map and it reports it
    tokens = markdown_fast.parse("# a\n\ntext\n")
    tokens[0].map = [5, 6]
    assert dump(tokens) != dump(reference("# a\n\ntext\n"))


def test_divergent_whitespace_falls_back_to_markdown_it() -> None:
    # pulldown-cmark counts U+2028 as whitespace (emphasis closes), markdown-it does not
    text = "**a ?**\u2028\nb\n"
    assert markdown_fast.parse(text) is None  # left to markdown-it-py
    kids = [k.type for k in markdown.parse(text)[1].children or []]
    assert "strong_open" not in kids
    assert dump(markdown.parse(text)) == dump(reference(text))


def test_an_adapter_failure_falls_back_to_markdown_it(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: object) -> list[Token]:
        raise KeyError("an event the adapter does not know")

    monkeypatch.setattr(markdown_fast._Builder, "run", broken)
    text = "# a\n\n- b\n"
    assert markdown_fast.parse(text) is None
    assert dump(markdown.parse(text)) == dump(reference(text))


def test_parse_entry_point_uses_the_fast_parser_unless_told_not_to(monkeypatch: pytest.MonkeyPatch) -> None:
    markdown.fast_parser.cache_clear()
    try:
        assert markdown.fast_parser() is markdown_fast.parse
        monkeypatch.setenv("POSTLINT_MARKDOWN", "markdown-it")
        markdown.fast_parser.cache_clear()
        assert markdown.fast_parser() is None
        assert dump(markdown.parse("# a\n")) == dump(reference("# a\n"))
    finally:
        monkeypatch.delenv("POSTLINT_MARKDOWN", raising=False)
        markdown.fast_parser.cache_clear()


def _site_files(site: str) -> list[Path]:
    root = Path(os.environ.get("POSTLINT_CORPUS_ROOT", CORPUS)) / site
    if not root.is_dir():
        pytest.skip(f"the shared corpus is not available at {root}")
    return [p for p in sorted(root.rglob("*")) if p.suffix.lower() in (".md", ".markdown") and p.is_file()]


@pytest.mark.parametrize("site", SITES)
def test_same_tokens_as_markdown_it_on_every_corpus_file(site: str) -> None:
    files = _site_files(site)
    assert files
    differing = []
    fast = 0
    for path in files:
        body = Post.load(path).body
        fast += markdown_fast.parse(body) is not None
        problem = first_difference(body)
        if problem:
            differing.append(f"{path.relative_to(CORPUS)}: {problem}")
    assert differing == []
    assert fast >= 0.9 * len(files)  # the identity is the adapter's, not the fallback's
