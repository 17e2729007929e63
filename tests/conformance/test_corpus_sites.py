"""postlint against what the real ``jekyll build`` publishes, on the three real
sites of ``../shared/corpus`` (eig-site, jekyll-docs, opensource-guide).

Targets, per site (see :mod:`conformance.compare`):

- every source file's URL is the one Jekyll writes it at, except the
  listed :data:`URL_EXCEPTIONS` (each with its reason);
- no link/anchor finding on a target that exists in the build;
- at least 95% of the broken internal links/anchors of the pages' content
  are reported on the line where they are written.

Those postlint misses today are ``xfail(strict=True)``: they flip to a
failure (XPASS) when postlint is fixed, and the mark is then removed.
``python tools/conformance_report.py`` prints the numbers and the details.

The first run builds each site (cold: about 20 s for the three on 2 quiet
cores, a minute when the machine is busy);
then the truth comes from the cache (see :func:`conformance.harness.cache_dir`).
The unit tests at the end check the instrument itself on made-up inventories
and need neither Jekyll nor the corpus.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import pytest

from conformance.compare import SiteComparison, SourceText, compare_site
from conformance.harness import (
    SITES,
    Item,
    SiteSpec,
    Truth,
    load_truth,
    site_key,
    site_root,
    skip_reason,
)

#: PyYAML's safe loader (imported by name: the venv has no PyYAML stubs for mypy).
yaml_safe_load = importlib.import_module("yaml").safe_load

#: URL mismatches that are not postlint's to fix: source -> reason.
URL_EXCEPTIONS: dict[str, dict[str, str]] = {
    "eig-site": {
        "blog/index.html": "jekyll-paginate-v2 names the first page of a paginated template by its file "
                           "(/blog/index.html); it writes the same file, blog/index.html, served at /blog/ too",
        "en/blog/index.html": "the same, for the English blog's paginated index",
    },
    "opensource-guide": {
        "_articles/zh-hant/README.md": "jekyll-readme-index adds a page at /zh-hant/ from this README and keeps "
                                       "the file at /zh-hant/README.md: postlint has both (the page among the "
                                       "plugins' pages), the comparison is by source file",
    },
}

#: the targets some sites still miss today (none): each would be a strict xfail with its reason.
_URLS_TODAY: dict[str, str] = {}
_WRONG_TODAY: dict[str, str] = {}
_RECALL_TODAY: dict[str, str] = {}


def _params(target: str, today: dict[str, str]) -> list[Any]:
    return [pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=today[name])) if name in today
            else name for name in SITES]


_cache: dict[str, SiteComparison] = {}


def comparison(name: str) -> SiteComparison:
    """The site's comparison, computed once per test session."""
    spec = SITES[name]
    reason = skip_reason(spec)
    if reason is not None:
        pytest.skip(reason)
    if name not in _cache:
        _cache[name] = compare_site(spec, load_truth(spec))
    return _cache[name]


def _lines(rows: list[dict[str, Any]] | list[str]) -> str:
    return "\n".join(f"  {row}" for row in rows)


# ----------------------------------------------------------------- the targets


@pytest.mark.jekyll
@pytest.mark.parametrize("name", _params("urls", _URLS_TODAY))
def test_urls_match_jekyll(name: str) -> None:
    found = comparison(name)
    exceptions = URL_EXCEPTIONS.get(name, {})
    rows = [m for m in found.url_mismatches if m["source"] not in exceptions]
    assert not rows, f"{len(rows)} URL mismatches in {name}:\n{_lines(rows)}"
    stale = sorted(set(exceptions) - {m["source"] for m in found.url_mismatches})
    assert not stale, f"exceptions that no longer differ (remove them): {stale}"


@pytest.mark.jekyll
@pytest.mark.parametrize("name", _params("wrong", _WRONG_TODAY))
def test_no_link_finding_on_a_target_that_exists(name: str) -> None:
    found = comparison(name)
    rows = [f"{v.finding['path']}:{v.finding['line']} {v.finding['code']} {v.finding['params'].get('target')!r}: {v.why}"
            for v in found.wrong]
    assert not rows, f"{len(rows)} wrong link findings in {name}:\n{_lines(rows)}"


@pytest.mark.jekyll
@pytest.mark.parametrize("name", _params("recall", _RECALL_TODAY))
def test_broken_content_links_are_reported_at_their_line(name: str) -> None:
    found = comparison(name)
    misses = [f"{loc.link.source}:{','.join(map(str, loc.lines))} {loc.link.href!r} ({loc.link.target.status})"
              for loc, hit in found.located_broken if not hit]
    assert found.recall >= 0.95, f"recall {found.recall:.1%} in {name}; missed:\n{_lines(misses)}"


# ----------------------------------------------------------------- the instrument on the real builds


@pytest.mark.jekyll
@pytest.mark.parametrize("name", list(SITES))
def test_every_declared_plugin_is_loaded_or_explained(name: str) -> None:
    """The harness's plugin list follows the site's ``_config.yml``."""
    root = site_root(name)
    if not root.is_dir():
        pytest.skip(f"the corpus site is not available at {root}")
    config = yaml_safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    spec = SITES[name]
    declared = set(config.get("plugins") or [])
    assert declared - set(spec.plugins) - set(spec.left_out) == set()


@pytest.mark.jekyll
def test_truth_sees_plugin_pages_and_redirects() -> None:
    """Pages made by plugins are in the truth, and a link through a redirect resolves."""
    truth = comparison("jekyll-docs").truth
    written = truth.written
    assert {"sitemap.xml", "feed.xml", "help/index.html"} <= written
    help_page = truth.resolve("/help/", "/docs/")
    assert help_page is not None and (help_page.status, help_page.how) == ("ok", "redirect")
    anchor = truth.resolve("/docs/plugins/#available-plugins", "/")
    assert anchor is not None and anchor.exists and anchor.anchor == "missing"


@pytest.mark.jekyll
def test_truth_sees_pagination_netlify_rules_and_two_digit_years() -> None:
    truth = comparison("eig-site").truth
    assert truth.page_url("_posts/19-05-09-Chiffres-EIG.md") == "/blog/2019/05/09/Chiffres-EIG.html"
    assert truth.sources["blog/index.html"].dest == "blog/index.html"  # the first page of the pagination
    assert any(i.kind == "generated" and i.dest == "blog/page2/index.html" for i in truth.items)
    via_rule = truth.resolve("/defi/2017/09/26/archemse/", "/")
    assert via_rule is not None and (via_rule.how, via_rule.status) == ("netlify", "redirect-to-missing")


@pytest.mark.jekyll
def test_truth_reads_ids_from_the_final_html() -> None:
    """Explicit heading ids in Arabic are ids of the written page."""
    truth = comparison("opensource-guide").truth
    assert "كتابة-ملف-README" in truth.ids["ar/starting-a-project/index.html"]


@pytest.mark.jekyll
def test_content_links_come_before_the_layout() -> None:
    """A page's content links are those its Markdown writes, in order; its
    layout's (the header's, the docs navigation) are not among them, though
    the final page has them (its ids do)."""
    truth = comparison("jekyll-docs").truth
    item = truth.sources["_docs/support.md"]
    text = (site_root("jekyll-docs") / "_docs/support.md").read_text(encoding="utf-8")
    assert [value for tag, _, value in item.links if tag == "a"] == re.findall(r"\]\(([^)\s]+)\)", text)
    assert "doc-nav" in truth.ids[item.dest]


# ----------------------------------------------------------------- the instrument, unit tests


def _truth(written: list[str], items: list[Item] | None = None, *, ids: dict[str, list[str]] | None = None,
           netlify: list[list[str]] | None = None, baseurl: str = "") -> Truth:
    spec = SiteSpec("made-up", "jekyll", ())
    data = {"baseurl": baseurl, "url": "https://example.org", "written": written, "ids": ids or {},
            "netlify": netlify or [], "items": [_raw(i) for i in items or []]}
    return Truth(spec, data)


def _raw(item: Item) -> dict[str, Any]:
    return {"source": item.source, "kind": item.kind, "url": item.url, "dest": item.dest, "written": item.written,
            "collection": item.collection, "redirect_to": item.redirect_to, "content": item.content,
            "links": [{"tag": t, "attr": a, "value": v} for t, a, v in item.links]}


def test_resolver_follows_what_a_host_serves() -> None:
    redirect = Item(None, "generated", "/old/", "old/index.html", True, redirect_to="https://example.org/gone/")
    truth = _truth(["index.html", "a/index.html", "b.html", "c.pdf", "old/index.html", "blog/post.html"], [redirect],
                   ids={"a/index.html": ["intro"], "blog/post.html": []}, netlify=[["/legacy", "/a/", "301!"], ["/x/*", "/y/:splat"]])
    status = {href: (t.status, t.how, t.anchor) if (t := truth.resolve(href, "/blog/post.html")) else None
              for href in ["/a/#intro", "/a#nope", "../b", "b.html", "/c.pdf#p1", "#top", "/old/", "/legacy",
                           "/x/z", "https://example.org/a/", "https://other.org/a/", "mailto:a@b.c", "../../../a/"]}
    assert status == {
        "/a/#intro": ("ok", "folder", "ok"), "/a#nope": ("ok", "folder", "missing"),
        "../b": ("ok", "html-extension", None), "b.html": ("missing", None, None),  # /blog/b.html
        "/c.pdf#p1": ("ok", "file", "unchecked"), "#top": ("ok", "file", "ok"),
        "/old/": ("redirect-to-missing", "redirect", None), "/legacy": ("ok", "netlify", None),
        "/x/z": ("redirect-to-missing", "netlify", None), "https://example.org/a/": ("ok", "folder", None),
        "https://other.org/a/": None, "mailto:a@b.c": None, "../../../a/": ("ok", "folder", None),
    }


def test_resolver_keeps_links_inside_the_baseurl() -> None:
    truth = _truth(["index.html", "a/index.html"], baseurl="/base")
    inside, outside = truth.resolve("/base/a/", "/"), truth.resolve("/a/", "/")
    assert inside is not None and inside.exists
    assert outside is not None and outside.status == "outside-baseurl"


def test_links_are_located_where_they_are_written() -> None:
    page = Item("p.md", "document", "/p/", "p/index.html", True, content=True)
    other = Item("_docs/other.md", "document", "/docs/other/", "docs/other/index.html", True)
    truth = _truth(["p/index.html", "docs/other/index.html"], [page, other], baseurl="/base")
    text = SourceText("---\ntitle: x\n---\n"
                      "[a](/base/missing/) and [b](/base/missing/)\n"
                      "[c]({{ site.baseurl }}/gone/)\n"
                      "[d]({% link _docs/other.md %}#frag)\n"
                      "<a href=\"/base/caf&eacute;/\">e</a>\n"
                      "```\n[a](/base/missing/)\n```\n", truth)
    def where(href: str, nth: int = 0, count: int = 1) -> tuple[tuple[int, ...], bool]:
        from conformance.harness import ContentLink, Target

        link = ContentLink("p.md", "/p/", "a", "href", href, nth, Target(href, href, None, "missing"))
        found = text.locate(link, count)
        return found.lines, found.exact

    assert where("/base/missing/", 1, 2) == ((4, 9), False)  # 3 occurrences (one in code) for 2 links
    assert where("/base/gone/") == ((5,), True)
    assert where("/base/docs/other/#frag") == ((6,), True)
    assert where("/base/café/") == ((7,), True)
    assert where("/base/elsewhere/") == ((), False)


def test_site_key_follows_the_files(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("one", encoding="utf-8")
    spec = SITES["jekyll-docs"]
    first = site_key(spec, tmp_path)
    (tmp_path / "_site").mkdir()
    (tmp_path / "_site" / "out.html").write_text("built", encoding="utf-8")
    assert site_key(spec, tmp_path) == first  # a previous build's output is not the site
    (tmp_path / "a.md").write_text("two", encoding="utf-8")
    assert site_key(spec, tmp_path) != first
