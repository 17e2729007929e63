"""Link extraction, resolution and the PL2xx link rules, on small sites."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from founding_helpers import titled_post as post
from founding_helpers import write
from postlint.api import config_from_table, lint_paths
from postlint.core.diagnostics import Diagnostic
from postlint.core.document import Post
from postlint.site.links import extract_links, resolve_liquid

CONFIG = """\
url: "https://www.example.gouv.fr"
baseurl: ""
markdown: kramdown
future: true
permalink: /blog/:year/:month/:day/:title.html
collections:
  communaute:
    output: true
    permalink: /communaute/:year/:title.html
"""


def site(tmp_path: Path, files: dict[str, str], table: dict | None = None) -> list[Diagnostic]:
    base = {
        "_config.yml": CONFIG,
        "img/photo.png": "",
        "docs/charte.pdf": "",
        "_posts/2018-03-16-bilan.md": post("## Notre méthode\n\nTexte.\n\n## Contact {#ecrire}\n"),
        "_posts/_2018-04-01-brouillon.md": post("Pas encore.\n"),
        "_communaute/2018-01-01-marie-dupont.md": post("Portrait.\n"),
        "_redirects": "/ancien/* /blog/:splat 301!\n",
    }
    write(tmp_path, {**base, **files})
    config = config_from_table(table or {}, tmp_path)
    return lint_paths([tmp_path / p for p in files if p.endswith(".md")], config=config).diagnostics


def codes(found: list[Diagnostic]) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in found if d.code.startswith("PL2")]


# -- extraction ------------------------------------------------------------------------


def test_extract_positions_and_kinds() -> None:
    text = post(
        "Voir [le bilan](/blog/x.html) et ![une photo](/img/a.png).\n"
        "<a href=\"/docs/y.pdf\">doc</a> <https://example.org/z>\n"
        "`[pas un lien](/code)`\n\n"
        "```\n[toujours pas](/code2)\n```\n"
        "[réf][r] et [post]({% post_url 2018-03-16-bilan %}) et [b]({{ site.baseurl }}/img/a.png)\n\n"
        "[r]: /ref.html\n"
    )
    p = Post.from_text(text, "_posts/2020-01-01-x.md")
    found = [(lk.kind, lk.target, lk.line, lk.column) for lk in extract_links(p)]
    assert ("link", "/blog/x.html", 4, 17) in found
    assert ("image", "/img/a.png", 4, 47) in found
    assert ("html-a", "/docs/y.pdf", 5, 10) in found
    assert ("autolink", "https://example.org/z", 5, 32) in found
    assert ("reference", "/ref.html", 13, 6) in found
    assert ("liquid-post-url", "2018-03-16-bilan", 11, 20) in found
    assert ("link", "/img/a.png", 11, 60) in found
    assert not any("/code" in t for _k, t, _l, _c in found)


def test_resolve_liquid() -> None:
    assert resolve_liquid("{{ site.baseurl }}/x.html") == ("", "/x.html")
    assert resolve_liquid("{{ '/img/a.png' | relative_url }}") == ("", "/img/a.png")
    assert resolve_liquid("{% link _posts/a.md %}") == ("liquid-link", "_posts/a.md")
    assert resolve_liquid("{{ page.url }}")[1] == "\0skip"


# -- rules -----------------------------------------------------------------------------


def test_broken_link_with_did_you_mean(tmp_path: Path) -> None:
    found = site(tmp_path, {"_posts/2019-01-01-a.md": post("Voir [le bilan](/blog/2018/03/16/bilann.html).\n")})
    d = next(d for d in found if d.code == "PL203")
    assert (d.line, d.column) == (4, 17)
    assert d.params["suggestion"] == " (did you mean /blog/2018/03/16/bilan.html?)"


def test_valid_links_pass(tmp_path: Path) -> None:
    body = (
        "[a](/blog/2018/03/16/bilan.html) [b](/communaute/2018/marie-dupont.html) [c](/docs/charte.pdf)\n"
        "[d](https://example.gouv.fr/blog/2018/03/16/bilan.html#notre-méthode) [e](/ancien/2018/03/16/bilan.html)\n"
        "[f]({% post_url 2018-03-16-bilan %}) [g](../../../2018/03/16/bilan.html#ecrire) ![h](/img/photo.png)\n"
    )
    assert codes(site(tmp_path, {"_posts/2019-01-01-a.md": post(body)})) == []


def test_relative_link_resolved_against_published_url(tmp_path: Path) -> None:
    found = site(tmp_path, {"_posts/2019-01-01-a.md": post("Voir [Marie](communaute/2018/marie-dupont.html).\n")})
    d = next(d for d in found if d.code == "PL203")
    assert d.message_id == "relative"
    assert d.params["resolved"] == "/blog/2019/01/01/communaute/2018/marie-dupont.html"
    assert d.params["suggestion"] == " (did you mean /communaute/2018/marie-dupont.html?)"


def test_case_mismatch_link_and_image(tmp_path: Path) -> None:
    found = site(tmp_path, {"_posts/2019-01-01-a.md": post("[c](/docs/Charte.pdf) ![photo](/img/Photo.png)\n")})
    assert ("PL204", 4, 5) in codes(found)
    assert ("PL202", 4, 32) in codes(found)
    fix = next(d for d in found if d.code == "PL204").fix
    assert fix is not None and fix.edits[0].replacement == "/docs/charte.pdf"


def test_case_mismatch_is_a_warning_on_case_insensitive_hosts(tmp_path: Path) -> None:
    found = site(tmp_path, {"_posts/2019-01-01-a.md": post("[c](/docs/Charte.pdf)\n")},
                 {"links": {"case-insensitive-host": True}})
    assert next(d for d in found if d.code == "PL204").severity.value == "warning"


def test_link_to_draft(tmp_path: Path) -> None:
    found = site(tmp_path, {"_posts/2019-01-01-a.md": post("[x](/blog/2018/04/01/brouillon.html)\n")})
    d = next(d for d in found if d.code == "PL205")
    assert d.params["source"] == "_posts/_2018-04-01-brouillon.md"
    assert not any(d.code == "PL203" for d in found)


def test_missing_anchor_other_page_and_same_page(tmp_path: Path) -> None:
    body = "[a](/blog/2018/03/16/bilan.html#methode) [b](#plus-bas) [c](#la-suite)\n\n## La suite\n"
    found = site(tmp_path, {"_posts/2019-01-01-a.md": post(body)})
    anchors = [(d.line, d.column, d.params["fragment"]) for d in found if d.code == "PL206"]
    assert anchors == [(4, 5, "methode"), (4, 46, "plus-bas")]
    first = next(d for d in found if d.code == "PL206")
    assert first.params["suggestion"] == " (did you mean #notre-méthode?)"


def test_path_escape_is_reported_not_looked_up(tmp_path: Path) -> None:
    found = site(tmp_path, {"_posts/2019-01-01-a.md": post("[x](../../../../../../etc/passwd) ![y](/../secret.png)\n")})
    assert [c for c, _l, _c in codes(found)] == ["PL210", "PL210"]


def test_empty_text_missing_alt_and_insecure(tmp_path: Path) -> None:
    body = "[ ](/docs/charte.pdf) ![](/img/photo.png) <img src=\"/img/photo.png\">\n[site](http://www.example.gouv.fr/docs/charte.pdf)\n"
    found = site(tmp_path, {"_posts/2019-01-01-a.md": post(body)})
    got = codes(found)
    assert ("PL207", 4, 5) in got
    assert ("PL208", 4, 27) in got and ("PL208", 4, 53) in got
    insecure = next(d for d in found if d.code == "PL209")
    assert (insecure.line, insecure.column) == (5, 8)
    assert insecure.fix is not None and insecure.fix.edits[0].replacement == "https://"


def test_insecure_other_hosts_only_when_configured(tmp_path: Path) -> None:
    files = {"_posts/2019-01-01-a.md": post("[x](http://autre.example.org/)\n")}
    assert not any(d.code == "PL209" for d in site(tmp_path, files))
    assert any(d.code == "PL209" for d in site(tmp_path, files, {"links": {"https-hosts": ["*"]}}))


@pytest.mark.parametrize(
    ("target", "problem"),
    [("contact @example.org", "space"), ("contact@example", "no-domain"), ("contact@example.org.", "trailing"),
     ("contact.example.org", "no-at")],
)
def test_invalid_email(tmp_path: Path, target: str, problem: str) -> None:
    found = site(tmp_path, {"_posts/2019-01-01-a.md": post(f"[écrire](<mailto:{target}>)\n")})
    assert [d.message_id for d in found if d.code == "PL211"] == [problem]


def test_valid_email_and_autolinked_address(tmp_path: Path) -> None:
    body = "[écrire](mailto:contact@example.org) ou <prenom.nom@exemple>\n"
    found = [d for d in site(tmp_path, {"_posts/2019-01-01-a.md": post(body)}) if d.code == "PL211"]
    assert [(d.message_id, d.column) for d in found] == [("no-domain", 42)]


def test_addresses_and_handles_in_plain_text_are_not_links(tmp_path: Path) -> None:
    # kramdown links no bare address: nothing a reader could click is wrong
    body = "Écrire à prenom.nom@exemple, ou à jaybe@jekyll ; voir @équipe上海.\n"
    found = [d for d in site(tmp_path, {"_posts/2019-01-01-a.md": post(body)}) if d.code == "PL211"]
    assert found == []


def test_front_matter_link_field(tmp_path: Path) -> None:
    table = {"files": [{"include": ["_posts/*.md"], "schema": "p"}],
             "schemas": {"p": {"extends": "post", "fields": {"lien": {"type": "url"}}}}}
    text = "---\ntitle: T\nlien: https://example.gouv.fr/nulle-part.html\n---\nTexte.\n"
    found = site(tmp_path, {"_posts/2019-01-01-a.md": text}, table)
    d = next(d for d in found if d.code == "PL203")
    assert (d.line, d.column, d.params["where"]) == (3, 7, "`lien`")


# -- the example site and the corpus --------------------------------------------------------

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_example_site_link_mistakes_and_nothing_else() -> None:
    result = lint_paths([EXAMPLES])
    links = sorted((d.path, d.code) for d in result.diagnostics if d.code.startswith("PL2"))
    assert links == [
        ("_posts/2024-12-10-erreur-lien-vers-billet-inexistant.md", "PL203"),
        ("_posts/2025-01-21-erreur-ancre-inexistante.md", "PL206"),
        ("_posts/24-07-16-erreur-casse-du-chemin-image.md", "PL202"),
        ("_posts/25-01-07-erreur-lien-vers-brouillon.md", "PL205"),
        ("_posts/25-03-04-erreur-image-sans-texte-alternatif.md", "PL208"),
    ]


def corpus() -> Path:
    env = os.environ.get("POSTLINT_CORPUS")
    path = Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "eig-site"
    if not (path / "_config.yml").is_file():
        pytest.skip("the eig-site corpus is not available (set POSTLINT_CORPUS)")
    return path


def test_corpus_known_link_mistakes() -> None:
    result = lint_paths([corpus()], preset="eig")
    found = {(d.path, d.line, d.column, d.code) for d in result.diagnostics}
    # a wrongly-cased image, fixed by hand in the site's history
    assert ("_posts/18-05-29-pourquoi-devenir-EIG.md", 74, 70, "PL202") in found
    # a link to a challenge page under the wrong year
    assert ("_posts/18-04-25-atelier-product-design.md", 32, 12, "PL203") in found
    assert not any(d.code in ("PL099", "PL210") for d in result.diagnostics)


def test_bare_post_url_to_a_missing_post_is_reported_once(tmp_path: Path) -> None:
    """Jekyll stops the build on a post_url to a missing post, in a link or not."""
    from postlint.api import lint_paths

    (tmp_path / "_posts").mkdir()
    (tmp_path / "postlint.toml").write_text('preset = "jekyll"\n', encoding="utf-8")
    (tmp_path / "_posts" / "2024-03-01-a.md").write_text(
        "---\ntitle: A\n---\nVoir {% post_url 2024-02-01-absent %} et [x]({% post_url 2024-02-02-absent %}).\n"
        "Et {% post_url 2024-03-01-a %}, qui existe.\n\n    {% post_url 2024-02-03-en-code %}\n",
        encoding="utf-8",
    )
    found = [(d.line, d.column, d.code) for d in lint_paths([tmp_path]).diagnostics]
    assert found == [(4, 6, "PL203"), (4, 46, "PL203")]


# -- Liquid as Jekyll runs it --------------------------------------------------------------

def codes_at(found: list[Diagnostic], path: str) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in found if d.path == path]


def test_a_liquid_comment_removes_its_links_and_headings(tmp_path: Path) -> None:
    body = ("{% comment %}\n[ancien](/nulle-part.html)\n\n## Caché\n{% endcomment %}\n"
            "Voir [plus bas](#caché).\n")
    found = site(tmp_path, {"_posts/2019-01-01-a.md": post(body)})
    assert codes_at(found, "_posts/2019-01-01-a.md") == [(9, "PL206")]  # the anchor only: its heading is gone


def test_raw_blocks_show_liquid_tags_but_keep_markdown_links(tmp_path: Path) -> None:
    body = "{% raw %}\nÉcrivez {% post_url 2030-01-01-absent %} ou [ceci](/absent.html).\n{% endraw %}\n"
    found = site(tmp_path, {"_posts/2019-01-01-a.md": post(body)})
    assert codes_at(found, "_posts/2019-01-01-a.md") == [(5, "PL203")]  # the Markdown link, not the tag


def test_a_fragment_after_a_link_tag_is_the_target_pages_anchor(tmp_path: Path) -> None:
    body = ("Voir {% link _posts/2018-03-16-bilan.md %}#notre-méthode et "
            "[la suite]({% link _posts/2018-03-16-bilan.md %}#ailleurs).\n")
    found = site(tmp_path, {"_posts/2019-01-01-a.md": post(body)})
    assert [(d.code, d.params.get("fragment")) for d in found if d.path == "_posts/2019-01-01-a.md"] == \
        [("PL206", "ailleurs")]


def test_an_empty_alt_marks_a_decorative_image(tmp_path: Path) -> None:
    body = '<img src="/img/photo.png" alt="">\n\n<img src="/img/photo.png">\n\n![](/img/photo.png)\n'
    found = site(tmp_path, {"_posts/2019-01-01-a.md": post(body)})
    assert codes_at(found, "_posts/2019-01-01-a.md") == [(6, "PL208"), (8, "PL208")]


# -- redirects and the pages plugins create -------------------------------------------------

def test_a_redirect_to_no_page_is_a_broken_link_with_its_chain(tmp_path: Path) -> None:
    found = site(tmp_path, {"_posts/2019-01-01-a.md": post("Voir [vieux](/ancien/vieux.html).\n")})
    (d,) = [d for d in found if d.code == "PL203"]
    assert d.message_id == "redirect"
    assert d.params["chain"] == "/blog/vieux.html (_redirects:1)"


def test_a_404_rule_answers_nothing(tmp_path: Path) -> None:
    files = {"_redirects": "/perdu/* /404.html 404\n", "_posts/2019-01-01-a.md": post("[x](/perdu/page.html)\n")}
    assert [d.message_id for d in site(tmp_path, files) if d.code == "PL203"] == ["default"]


REDIRECT_SITE = CONFIG + "plugins:\n  - jekyll-redirect-from\n  - jekyll-feed\n  - jekyll-sitemap\n"


def test_redirect_from_and_plugin_pages_exist(tmp_path: Path) -> None:
    moved = "---\ntitle: Nouveau\nredirect_from:\n  - /vieille-adresse/\n  - /autre.html\n---\nTexte.\n"
    hop = "---\ntitle: Saut\nredirect_to: /nouveau.html\n---\n"
    away = "---\ntitle: Ailleurs\nredirect_to: /disparu.html\n---\n"
    body = ("[a](/vieille-adresse/) [b](/autre.html) [c](/feed.xml) [d](/sitemap.xml) [e](/robots.txt) "
            "[f](/saut.html) [g](/ailleurs.html)\n")
    files = {"_config.yml": REDIRECT_SITE, "nouveau.md": moved, "saut.md": hop, "ailleurs.md": away,
             "_posts/2019-01-01-a.md": post(body)}
    found = [d for d in site(tmp_path, files) if d.code == "PL203"]
    assert [(d.message_id, d.params.get("chain")) for d in found] == [
        ("redirect", "/disparu.html (redirect_to in ailleurs.md)")]


def test_without_the_plugin_redirect_from_makes_nothing(tmp_path: Path) -> None:
    moved = "---\ntitle: Nouveau\nredirect_from: /vieille-adresse/\n---\nTexte.\n"
    files = {"nouveau.md": moved, "_posts/2019-01-01-a.md": post("[a](/vieille-adresse/) [c](/feed.xml)\n")}
    assert len([d for d in site(tmp_path, files) if d.code == "PL203"]) == 2


def test_known_urls_cover_pages_of_unmodelled_plugins(tmp_path: Path) -> None:
    files = {"_config.yml": CONFIG + "plugins: [jekyll-recherche]\n",
             "_posts/2019-01-01-a.md": post("[a](/recherche/) [b](/api/v1/items.json)\n")}
    found = site(tmp_path, files, {"links": {"known-urls": ["/recherche/", "/api/**"]}})
    assert codes(found) == []
    whole = lint_paths([], config=config_from_table({}, tmp_path)).diagnostics  # said once, in a whole-site run
    assert [(d.code, d.path, d.line, d.params["plugin"]) for d in whole if d.code == "PL017"] == [
        ("PL017", "_config.yml", 10, "jekyll-recherche")]


def test_relative_links_to_markdown_sources_with_the_plugin(tmp_path: Path) -> None:
    docs = {"docs/guide.md": "---\ntitle: Guide\n---\n## Étapes\n", "docs/a.md": post("x")}
    body = "[g](guide.md#étapes) [h](guide.md#absente) [r](/docs/guide.md) [m](manque.md)\n"
    files = {**docs, "docs/index.md": "---\ntitle: Docs\n---\n" + body}
    with_plugin = {**files, "_config.yml": CONFIG + "plugins: [jekyll-relative-links]\n"}
    found = [(d.code, d.params.get("target")) for d in site(tmp_path, with_plugin) if d.path == "docs/index.md"]
    assert found == [("PL206", "guide.md#absente"), ("PL203", "manque.md")]
    without = [(d.code, d.params.get("target")) for d in site(tmp_path / "sans", files) if d.path == "docs/index.md"]
    assert ("PL203", "guide.md#étapes") in without  # Jekyll alone publishes guide.html: guide.md is a 404


def test_anchors_written_by_the_layout_count(tmp_path: Path) -> None:
    files = {
        "_layouts/page.html": "---\nlayout: base\n---\n<main id=\"contenu\">{{ content }}</main>\n",
        "_layouts/base.html": "<body>{% include menu.html %}{{ content }}</body>\n",
        "_includes/menu.html": "<nav id=\"menu\"></nav>\n",
        "_layouts/theme.html": "<section id=\"{{ page.slug }}\">{{ content }}</section>\n",
        "apropos.md": "---\ntitle: À propos\nlayout: page\n---\nTexte.\n",
        "equipe.md": "---\ntitle: Équipe\nlayout: theme\n---\nTexte.\n",
        "_posts/2019-01-01-a.md": post("[a](/apropos.html#contenu) [b](/apropos.html#menu) [c](/apropos.html#rien) "
                                       "[d](/equipe.html#qui)\n"),
    }
    found = [(d.code, d.severity.value, d.params["fragment"]) for d in site(tmp_path, files) if d.code == "PL206"]
    assert found == [("PL206", "error", "rien"), ("PL206", "info", "qui")]  # Liquid ids: only maybe missing
    known = site(tmp_path, files, {"links": {"known-ids": ["qui", "rien"]}})
    assert [d for d in known if d.code == "PL206"] == []
