"""prose_segments / prose_view: exactly the prose, nothing of the markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from postlint.core.document import Post
from postlint.core.prose import MASK, prose_segments, prose_view

HEAD = "---\ntitle: Un titre ici !\nauthor: Bob\n---\n"


def view_of(body: str, head: str = HEAD) -> tuple[Post, str]:
    post = Post.from_text(head + body)
    return post, prose_view(post)


def kept(body: str, fragment: str) -> bool:
    """Whether every character of ``fragment`` (found in the body) is prose."""
    post, view = view_of(body)
    at = post.text.index(fragment, len(HEAD))
    return view[at : at + len(fragment)] == fragment


def masked(body: str, fragment: str) -> bool:
    post, view = view_of(body)
    at = post.text.index(fragment, len(HEAD))
    return all(ch in (MASK, "\n") for ch in view[at : at + len(fragment)])


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("Voir `a : b` ici.\n", "`a : b`"),
        ("```\nfence : x\n```\n", "fence : x"),
        ("Texte.\n\n    indenté : x\n", "indenté : x"),
        ("Un [lien : ici](https://x.fr/a?b=1 \"titre : t\") fin.\n", "(https://x.fr/a?b=1 \"titre : t\")"),
        ("Un <https://x.fr/?q> fin.\n", "<https://x.fr/?q>"),
        ("Voir https://x.fr/a?b=c:d ici.\n", "https://x.fr/a?b=c:d"),
        ("Écrire à bob@exemple.fr ici.\n", "bob@exemple.fr"),
        ("Un <span class=\"a:b\">mot</span>.\n", "<span class=\"a:b\">"),
        ("Un {% post_url 2018-01-01-a %} ici.\n", "{% post_url 2018-01-01-a %}"),
        ("Un {{ site.title | append: \" ! \" }} ici.\n", "{{ site.title | append: \" ! \" }}"),
        ("Un paragraphe.\n{: .classe #id}\n", "{: .classe #id}"),
        ("Un [lien](x.html){:target=\"_blank\"} ici.\n", "{:target=\"_blank\"}"),
        ("## Titre {#mon-id}\n", "{#mon-id}"),
        ("Un [lien][ref] ici.\n\n[ref]: https://x.fr/a:b \"t\"\n", "[ref]: https://x.fr/a:b \"t\""),
        ("Une image ![texte](/img/a.png) ici.\n", "!"),
        ("Un <!-- commentaire : x --> ici.\n", "<!-- commentaire : x -->"),
        ("Un&nbsp;: ici.\n", "&nbsp;"),
        ("Un :sourire: ici.\n", ":sourire:"),
        ("| a | b |\n|:--|--:|\n| c | d |\n", "|:--|--:|"),
        ("- élément\n", "- "),
        ("> citation\n", "> "),
    ],
)
def test_excluded_regions(body: str, fragment: str) -> None:
    assert masked(body, fragment)


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("Un [lien : ici](https://x.fr) fin.\n", "lien : ici"),
        ("Une ![image : alt](/a.png) fin.\n", "image : alt"),
        ("<div>\ntexte : ici\n</div>\n", "texte : ici"),
        ("## Titre : ici ##\n", "Titre : ici"),
        ("- élément : un\n", "élément : un"),
        ("| c : x | d |\n|---|---|\n| e | f |\n", " c : x "),
        ("Voir https://x.fr. Puis : la suite.\n", ". Puis : la suite."),
    ],
)
def test_prose_regions(body: str, fragment: str) -> None:
    assert kept(body, fragment)


def test_front_matter_text_fields_only() -> None:
    post = Post.from_text("---\ntitle: 'L''été : ici'\nauthor: Bob\ndescription: \"Un \\\"mot\\\"\"\n---\nx\n")
    view = prose_view(post)
    title = post.span_of("title", value=True)
    assert title is not None
    # quotes and the doubled quote are markup; the rest of the value is prose
    assert view[title.start : title.end] == f"{MASK}L{MASK}{MASK}été : ici{MASK}"
    desc = post.span_of("description", value=True)
    assert desc is not None
    assert view[desc.start : desc.end] == f"{MASK}Un {MASK}{MASK}mot{MASK}{MASK}{MASK}"


def test_invalid_front_matter_has_no_prose() -> None:
    post = Post.from_text("---\ntitle: Bilan: la suite\nauthor: x: y\n---\nTexte.\n")
    view = prose_view(post)
    assert view[: post.body_offset].strip("\0\n") == ""


def test_segments_are_exact_offsets() -> None:
    post = Post.from_text(HEAD + "Voir `x` et ça.\n")
    texts = [post.text[s.start : s.end] for s in prose_segments(post)]
    assert texts == ["Un titre ici !", "Voir ", " et ça."]


def test_liquid_spanning_lines_and_raw_blocks() -> None:
    body = "Avant {% include a.html\n  x=\"1 : 2\" %} après.\n\n{% raw %}\nbrut : {{ x }}\n{% endraw %}\n"
    assert masked(body, "{% include a.html\n  x=\"1 : 2\" %}")
    assert masked(body, "brut : {{ x }}")
    assert kept(body, " après.")


def test_view_is_text_with_non_prose_masked_and_line_feeds_kept() -> None:
    # the view is built from runs of prose: it must equal the per-character definition
    body = ("Un paragraphe avec `du code` et https://exemple.fr/page.\n\n```python\nx = 1\n\ny = 2\n```\n\n"
            "<div class=\"note\">\nTexte **gras** {% include a.html %}\n</div>\n\nFin : oui !\n")
    post, view = view_of(body)
    kept_at = set()
    for seg in prose_segments(post):
        kept_at.update(range(seg.start, seg.end))
    expected = "".join(ch if i in kept_at or ch == "\n" else MASK for i, ch in enumerate(post.text))
    assert view == expected
    assert len(view) == len(post.text)
    assert "Fin : oui !" in view and "x = 1" not in view


def test_the_view_is_built_once_per_file_for_all_typography_rules(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from postlint.api import config_from_table, lint_text
    from postlint.core import prose

    built: list[int] = []
    real = prose._view
    monkeypatch.setattr(prose, "_view", lambda text, mask: built.append(1) or real(text, mask))
    config = config_from_table({"select": ["PL6"], "lang": "fr"}, tmp_path)
    found = lint_text(HEAD + "Il dit : « oui » ; puis ... rien !\n", "_posts/2024-01-01-a.md", config=config)
    assert len({d.code for d in found}) >= 3  # several rules read the view
    assert built == [1]
