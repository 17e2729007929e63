"""Conformance: postlint's site model against a real ``jekyll build``.

Each site is built once (module-scoped fixtures) with ``jekyll build --safe``
and compared file by file with what ``postlint.commands.urls.site_urls`` computes:
page and document URLs, the set of files written, static files, what is not
published, and the heading ids kramdown writes. Skipped when ``jekyll`` is
not installed (``apt-get install jekyll``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from jekyll_sites import HELPER, JekyllSite, build, copy_site, jekyll_command, write_site
from postlint.api import load_config
from postlint.commands.urls import site_urls
from postlint.config import Config, validate_config
from postlint.engine.run import Run
from postlint.jekyll.entry import Entry

pytestmark = [
    pytest.mark.jekyll,
    pytest.mark.skipif(jekyll_command() is None, reason="jekyll is not installed (apt-get install jekyll)"),
]

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
_CORPUS_DEFAULT = REPO.parent / "shared" / "corpus" / "eig-site"
CORPUS = Path(os.environ.get("POSTLINT_CORPUS") or _CORPUS_DEFAULT)
MARKDOWN = (".md", ".markdown")


# ----------------------------------------------------------------- generated sites

FM = "---\n{}---\n"


def post(body: str = "Texte.\n", **front: Any) -> str:
    lines = "".join(f"{k}: {v}\n" for k, v in front.items())
    return FM.format(lines) + body


HEADINGS_BODY = """\
# Présentation du programme

## Présentation du programme

## Présentation du programme

## Écoles & collèges : quelle place ?

## L'État, l'été — et après...

## Un titre avec `du code` et un [lien](https://example.org)

## Titre explicite {#mon-ancre}

## *Emphase* et **gras** !

### 2019 : bilan

## 100 %

## Ça va ?

Titre souligné
--------------

## Présentation du programme

## Titre fermé ##

## <em>HTML</em> dans un titre

## ???

## ???

## 123

## Tom &amp; Jerry

## Émoji 🚀 fusée

> ## Dans une citation

- ## Dans une liste

#Collé sans espace

## présentation-du-programme

## Présentation du programme {#presentation}

<div class="encart">
  <p>Un encart</p>
</div>
<hr>
### Après du HTML
Suite du texte.

```
# pas un titre
```
"""

#: default permalink style, baseurl, exclude:, collections with and without output.
SITE_DATE: dict[str, str | bytes] = {
    "_config.yml": """\
title: Site de test
baseurl: /base
exclude: [prive, secret.txt]
collections:
  recettes:
    output: true
    permalink: /recettes/:categories/:title:output_ext
  archives:
    output: false
""",
    "index.md": post(title="Accueil"),
    "a-propos.md": post(title="À propos", permalink="/a-propos/"),
    "contact.md": post(title="Contact"),
    "Équipe.md": post(title="Équipe"),
    "docs/guide.markdown": post(title="Guide"),
    "docs/Majuscules.md": post(title="Majuscules"),
    "sous/index.html": post("<p>sous</p>\n", title="Sous"),
    "feed.xml": post("<feed/>\n", layout="null"),
    "titres.md": post(HEADINGS_BODY, title="Titres"),
    "sans-entete.md": "Pas d'en-tête : copié tel quel.\n",
    ".cache.md": post(title="caché"),
    "_prive.md": post(title="privé"),
    "#temp.md": post(title="temp"),
    "sauvegarde.md~": post(title="sauvegarde"),
    "prive/page.md": post(title="exclu"),
    "secret.txt": "secret\n",
    ".htaccess": "Options -Indexes\n",
    "Gemfile": "source 'https://rubygems.org'\n",
    "img/Logo Été.png": b"\x89PNG fake",
    "img/photo.JPG": b"\xff\xd8 fake",
    "_posts/18-02-27-bootcamp-comment-souder.md": post(title="Deux chiffres"),
    "_posts/19-05-09-Chiffres-EIG.md": post(title="Majuscules"),
    "_posts/2020-01-15-été-à-paris.md": post(title="Non ASCII"),
    "_posts/2020-01-16-Ça va, oui!.md": post(title="Ponctuation"),
    "_posts/2020-02-01-slug-fm.md": post(title="Slug", slug="Autre Slug"),
    "_posts/2020-03-01-date-fm.md": post(title="Date", date="2021-04-05 10:00:00"),
    "_posts/2020-03-03-date-zone.md": post(title="Zone", date="2020-03-03 23:30:00 -05:00"),
    "_posts/2020-03-02-permalink-post.md": post(title="Permalien", permalink="/perso/:title/"),
    "_posts/2020-04-01-extension-longue.markdown": post(title="Extension"),
    "_posts/2020-05-01-categories.md": post(title="Cat", categories="[Actus, Vie du programme]"),
    "_posts/2020-05-02-category.md": post(title="Cat", category="Événements"),
    "actualites/_posts/2020-06-01-dans-un-dossier.md": post(title="Dossier"),
    "_posts/2099-01-01-futur.md": post(title="Futur"),
    "_posts/2020-07-01-depublie.md": post(title="Dépublié", published="false"),
    "_posts/_2020-08-01-souligne.md": post(title="Souligné"),
    "_posts/sans-date.md": post(title="Sans date"),
    "_posts/2019-02-30-trente-fevrier.md": post(title="Roulement"),
    "_posts/2020-10-01-yaml-invalide.md": "---\ntitle: Un titre: avec deux points\n---\nTexte.\n",
    "_drafts/brouillon.md": post(title="Brouillon"),
    "_recettes/tarte-aux-pommes.md": post(title="Tarte"),
    "_recettes/2021-03-04-Crêpes.md": post(title="Crêpes", categories="[dessert]"),
    "_recettes/img/photo.png": b"\x89PNG recette",
    "_recettes/_brouillon.md": post(title="Brouillon"),
    "_archives/vieux.md": post(title="Vieux"),
    "_archives/fichier.pdf": b"%PDF fake",
    "_data/membres.yml": "- nom: A\n",
    "_posts/2020-11-01-date-invalide.md": post(title="Date", date="2020-02-30"),
    "_posts/2020-11-02-liste.md": "---\n- a\n- b\n---\nTexte.\n",
    "_posts/2020-11-03-version-1.2.md": post(title="Points"),
    "_posts/2020-11-04-points-finaux...md": post(title="Points"),
    "_posts/rubrique/2020-11-05-sous-dossier.md": post(title="Sous-dossier"),
    "dossier avec espace/page.md": post(title="Espace"),
    "rubrique/index.markdown": post(title="Index markdown"),
    "404.html": post("<p>introuvable</p>\n", title="404", permalink="/404.html"),
    "depubliee.md": post(title="Page dépubliée", published="false"),
    "chemin.md": post(title="Chemin", permalink="/:path/:basename:output_ext"),
}

#: pretty permalinks, future posts and drafts shown, :title vs :slug.
SITE_PRETTY: dict[str, str | bytes] = {
    "_config.yml": """\
permalink: pretty
future: true
show_drafts: true
collections:
  fiches:
    output: true
    permalink: /:collection/:slug/
  notes:
    output: true
defaults:
  - scope: {path: cachees}
    values: {published: false}
  - scope: {path: _fiches/cachees}
    values: {published: false}
  - scope: {path: fiches/cachees}
    values: {published: false}
  - scope: {path: blog, type: posts}
    values: {category: Par Défaut}
""",
    "cachees/page.md": post(title="Cachée par défaut"),
    "cachees/image.png": b"\x89PNG cachee",
    "cachees/visible.md": post(title="Visible", published="true"),
    "cachees/depubliee.md": post(title="Dépubliée", published="false"),
    "_fiches/cachees/fiche.md": post(title="Fiche cachée"),
    "_fiches/cachees/image.png": b"\x89PNG fiche",
    "index.md": post(title="Accueil"),
    "page.md": post(title="Page"),
    "dossier/index.md": post(title="Dossier"),
    "dossier/autre.html": post("<p>autre</p>\n", title="Autre"),
    "dossier/données.json": post("{}\n", layout="null"),
    "_posts/2020-01-01-Titre Majuscule.md": post(title="Titre"),
    "_posts/2020-01-02-Slug Majuscule.md": post(title="Slug", permalink="/:categories/:slug.html"),
    "_posts/2099-01-01-futur.md": post(title="Futur"),
    "blog/_posts/2020-02-02-categorie-dossier.md": post(title="Cat", categories="[Plus, Encore Plus]"),
    "_drafts/brouillon-visible.md": post(title="Brouillon"),
    "_fiches/Fiche Été.md": post(title="Fiche"),
    "_fiches/2020-05-05-Datée.md": post(title="Datée"),
    "_fiches/slug.md": post(title="Slug", slug="Mon Slug"),
    "_notes/sous/dossier/note.md": post(title="Note"),
    "_notes/Note Été.markdown": post(title="Note"),
    "_notes/fichier.txt": "pas de front matter\n",
}

#: permalink style none, kramdown's own input (ids from the raw Markdown).
SITE_NONE: dict[str, str | bytes] = {
    "_config.yml": """\
permalink: none
kramdown:
  input: kramdown
collections:
  docs:
    output: true
    permalink: /documentation/:path:output_ext
""",
    "index.html": post("<p>accueil</p>\n", title="Accueil"),
    "contact.md": post(title="Contact"),
    "titres.md": post(HEADINGS_BODY, title="Titres"),
    "_posts/2020-01-01-Premier Billet.md": post(title="Premier", categories="Nouvelles"),
    "_posts/21-06-07-deux-chiffres.markdown": post(title="Deux chiffres"),
    "_docs/Intro.md": post(title="Intro"),
    "_docs/sous/Partie.md": post(title="Partie"),
}


# ----------------------------------------------------------------- building


@dataclass
class Built:
    name: str
    jekyll: JekyllSite
    entries: dict[str, Entry]


def _postlint_config(root: Path) -> Config:
    if any((root / name).is_file() for name in ("postlint.toml", ".postlint.toml")):
        return load_config(root)
    return validate_config({}, root=root.resolve())


def _build(name: str, root: Path, tmp: Path) -> Built:
    jekyll = build(root, tmp / f"{name}-site")
    config = _postlint_config(root)
    with Run(config) as run:
        entries, missing = site_urls(run, include_unpublished=True)
    assert not missing
    table = {e.source: e for e in entries if e.source != HELPER}
    return Built(name, jekyll, table)


@pytest.fixture(scope="module", params=["examples", "date", "pretty", "none", "corpus"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    name = request.param
    tmp = tmp_path_factory.mktemp(f"jekyll-{name}")
    if name == "examples":
        root = copy_site(EXAMPLES, tmp / "src")
    elif name == "corpus":
        if not CORPUS.is_dir():
            pytest.skip(f"the corpus is not available at {CORPUS} (set POSTLINT_CORPUS)")
        # Its plugins (jekyll-paginate-v2...) are off: pages and posts do not need them.
        root = copy_site(CORPUS, tmp / "src")
    else:
        files = {"date": SITE_DATE, "pretty": SITE_PRETTY, "none": SITE_NONE}[name]
        root = write_site(tmp / "src", files)
    return _build(name, root, tmp)


def _report(title: str, rows: list[tuple[str, Any, Any]]) -> str:
    lines = [f"{title} ({len(rows)}):"]
    lines += [f"  {src}\n    jekyll:   {j}\n    postlint: {p}" for src, j, p in rows]
    return "\n".join(lines)


# ----------------------------------------------------------------- comparisons


def test_page_and_document_urls_match_jekyll(built: Built) -> None:
    """Every page, post and collection item Jekyll writes, with its URL."""
    ours = {
        s: e.url for s, e in built.entries.items()
        if e.kind in ("page", "post", "draft", "document") and e.url is not None
    }
    theirs = built.jekyll.urls()
    rows = [(s, theirs.get(s), ours.get(s)) for s in sorted(set(ours) | set(theirs)) if theirs.get(s) != ours.get(s)]
    assert not rows, _report(f"URL divergences in {built.name}", rows)


def test_baseurl_prefixed_urls_match_jekyll(built: Built) -> None:
    """``relative_url`` (baseurl + URL), as a link in a layout would be written."""
    from postlint.jekyll import load_site_config, relative_url

    config = load_site_config(built.jekyll.source)
    rows = []
    for source, item in sorted(built.jekyll.items.items()):
        entry = built.entries.get(source)
        if item.relative_url is None or not item.output or entry is None or entry.url is None:
            continue  # URLs themselves are compared above
        ours = relative_url(entry.url, config)
        if ours != item.relative_url:
            rows.append((source, item.relative_url, ours))
    assert not rows, _report(f"baseurl divergences in {built.name}", rows)


def test_written_files_match_jekyll(built: Built) -> None:
    """The set of files under the destination, static files included."""
    ours = {e.output: e.source for e in built.entries.values() if e.output}
    written = built.jekyll.written
    rows = [(ours[o], "not written", o) for o in sorted(set(ours) - written)]
    rows += [("?", o, "not predicted") for o in sorted(written - set(ours))]
    assert not rows, _report(f"output divergences in {built.name}", rows)


def test_static_files_match_jekyll(built: Built) -> None:
    """Static files Jekyll copies are those postlint publishes, byte for byte at the predicted place."""
    theirs = built.jekyll.copied_statics()
    ours = {s for s, e in built.entries.items() if e.kind == "static" and e.output}
    rows = [(s, "copied" if s in theirs else "not copied", "copied" if s in ours else "not copied")
            for s in sorted(theirs ^ ours)]
    for source in sorted(theirs & ours):
        output = built.entries[source].output or ""
        target = built.jekyll.dest / output
        if not target.is_file() or target.read_bytes() != (built.jekyll.source / source).read_bytes():
            rows.append((source, "elsewhere", output))
    assert not rows, _report(f"static file divergences in {built.name}", rows)


def test_unpublished_and_unwritten_documents_match_jekyll(built: Built) -> None:
    """Read but not written (collections with output: false) and not read at all agree."""
    theirs_read = {s for s, i in built.jekyll.items.items() if i.kind != "static"} | built.jekyll.copied_statics()
    ours_read = {s for s, e in built.entries.items() if e.published and e.kind != "static"}
    ours_read |= {s for s, e in built.entries.items() if e.kind == "static" and e.output}
    rows = [(s, "read" if s in theirs_read else "skipped", "published" if s in ours_read else built.entries[s].reason if s in built.entries else "unknown")
            for s in sorted(theirs_read ^ ours_read)]
    assert not rows, _report(f"publication divergences in {built.name}", rows)


def _markdown_outputs(built: Built) -> Iterator[tuple[str, str]]:
    for source, entry in sorted(built.entries.items()):
        if entry.output and source.lower().endswith(MARKDOWN) and entry.kind != "static":
            yield source, entry.output


def test_heading_ids_match_kramdown(built: Built) -> None:
    """The ids kramdown writes on h1-h6 of each Markdown page, in order."""
    from postlint.jekyll import heading_ids
    from postlint.site.index import SiteIndex

    index = SiteIndex(built.jekyll.source, _postlint_config(built.jekyll.source))
    rows = []
    for source, output in _markdown_outputs(built):
        theirs = built.jekyll.heading_ids(output)
        ours = heading_ids(index.post(source).tokens, index.sitemap.config)
        if theirs != ours:
            rows.append((source, theirs, ours))
    assert not rows, _report(f"heading id divergences in {built.name}", rows)


def test_generated_sites_cover_the_tricky_cases(built: Built) -> None:
    """Guard the suite itself: the cases it claims to cover reached Jekyll."""
    expected = {
        "date": {"_posts/18-02-27-bootcamp-comment-souder.md": "/2018/02/27/bootcamp-comment-souder.html",
                 "_posts/19-05-09-Chiffres-EIG.md": "/2019/05/09/Chiffres-EIG.html"},
        "pretty": {"_posts/2099-01-01-futur.md": "/2099/01/01/futur/"},
        "none": {"contact.md": "/contact.html"},
        "examples": {"index.md": "/"},
        "corpus": {"_posts/19-05-09-Chiffres-EIG.md": "/blog/2019/05/09/Chiffres-EIG.html"},
    }[built.name]
    assert {s: built.jekyll.urls().get(s) for s in expected} == expected


# ----------------------------------------------------------------- the corpus


def test_corpus_urls_of_two_digit_year_posts() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"the corpus is not available at {CORPUS} (set POSTLINT_CORPUS)")
    config = _postlint_config(CORPUS)
    wanted = ["_posts/18-02-27-bootcamp-comment-souder-un-collectif-de-talents.md", "_posts/19-05-09-Chiffres-EIG.md"]
    with Run(config) as run:
        entries, missing = site_urls(run, [CORPUS / w for w in wanted])
    assert not missing
    assert {e.source: e.url for e in entries} == {
        wanted[0]: "/blog/2018/02/27/bootcamp-comment-souder-un-collectif-de-talents.html",
        wanted[1]: "/blog/2019/05/09/Chiffres-EIG.html",
    }
