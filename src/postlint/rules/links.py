"""PL2xx: links and assets resolve to files the site publishes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

from pydantic import Field

from postlint.config import RepoPath, StrictModel, repo_file
from postlint.core.diagnostics import Diagnostic, Edit, Fix
from postlint.core.document import Post
from postlint.jekyll import page_ids
from postlint.rules.base import Collector, Context, PostContext, rule
from postlint.rules.frontmatter import validation
from postlint.schemas import fields_marked
from postlint.schemas.types import AssetRef, LinkRef
from postlint.site.layouts import LayoutIds
from postlint.site.links import Link, Resolution, extract_links, resolve_link, site_hosts


class LinksOptions(StrictModel):
    """``[links]``: how links and assets are checked."""

    SECTION: ClassVar[str] = "links"

    #: the host serves paths case-insensitively (e.g. Netlify): a letter-case
    #: mismatch is then a portability warning rather than an error.
    case_insensitive_host: bool = False
    #: hosts whose links must use https (the site's own host always does);
    #: "*" for every host.
    https_hosts: list[str] = Field(default_factory=list)
    #: check external links over the network (also: ``--external``).
    external: bool = False
    #: seconds before an external request gives up.
    timeout: float = Field(default=10.0, gt=0)
    #: attempts after a 429 or 5xx answer (with backoff, honouring Retry-After).
    retries: int = Field(default=2, ge=0)
    #: concurrent requests to one host, and in all.
    per_host: int = Field(default=4, ge=1)
    concurrency: int = Field(default=32, ge=1)
    #: answers that count as success besides 2xx.
    accept: list[int] = Field(default_factory=lambda: [401, 403])
    #: regular expressions of URLs never checked.
    exclude_urls: list[str] = Field(default_factory=list)
    #: cache file (relative to the repo root) and how long a result stays fresh.
    cache: RepoPath = ".postlint_cache/links.json"
    cache_max_age: float = Field(default=86400.0, ge=0)
    #: check private, loopback and link-local addresses too.
    allow_private: bool = False
    #: site paths (globs such as ``/api/**``) that exist though no file of
    #: the repository or modelled plugin makes them: a plugin postlint does
    #: not model, a page the host serves.
    known_urls: list[str] = Field(default_factory=list)
    #: anchors that every page has through its layout (``#main``, ``#top``)
    #: when postlint cannot read them from the layouts.
    known_ids: list[str] = Field(default_factory=list)


OPTIONS = LinksOptions


def asset_target(value: str, baseurl: str = "") -> str | None:
    """The repo-relative path a site-relative asset URL points at, or None
    for external URLs and values that are not paths."""
    try:
        parts = urlsplit(value.strip())
    except ValueError:  # "http://[oops"
        return None
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    path = unquote(parts.path)
    if baseurl and path.startswith(baseurl.rstrip("/") + "/"):
        path = path[len(baseurl.rstrip("/")) :]
    return path


def _front_matter_fields(post: Post, ctx: PostContext, marker: type) -> Iterator[tuple[str, str]]:
    """Text values of the fields whose schema type carries ``marker``; a
    value the schema already rejected is left to ``invalid-value``."""
    result = validation(post, ctx)
    if result is None or result.model is None or not post.front_matter:
        return
    rejected = {err["loc"][0] for err in result.errors if err["loc"]}
    for key in fields_marked(result.model, marker):
        value = post.front_matter.get(key)
        if isinstance(value, str) and key not in rejected:
            yield key, value


def _front_matter_assets(post: Post, ctx: PostContext) -> Iterator[tuple[str, str]]:
    return _front_matter_fields(post, ctx, AssetRef)


@rule(
    "PL201",
    "missing-asset",
    "An image or file named in the front matter, or an image of the body, does not exist.",
    messages={
        "default": "`{key}` points to {target}, which does not exist{suggestion}",
        "outside-root": "`{key}` points outside the site ({target})",
        "image": "Image {target} does not exist{suggestion}",
    },
)
def missing_asset(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A front-matter field declared as an asset (such as `image`) names a
    site-relative path that matches no file in the repository, even
    ignoring letter case.

    ## Why it matters
    The post's card image (home page, social networks) is broken.

    ## Example
    ```yaml
    image: /img/blog/bilan-2024.jpg
    ```
    while the file is `img/blog/bilan2024.jpg`. Images of the body
    (`![alt](/img/x.png)`, `<img src="...">`) are checked the same way.

    ## Fix
    ```yaml
    image: /img/blog/bilan2024.jpg
    ```
    """
    from postlint.core.suggest import closest

    for key, value in _front_matter_assets(post, ctx):
        target = asset_target(value)
        if target is None:
            continue
        rel = ctx.site.resolve_in_root(target)
        if rel is None:
            yield ctx.at_key(key, "outside-root", on_value=True, key=key, target=target)
            continue
        if ctx.site.exists(rel) or ctx.site.case_variants(rel):
            continue
        folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
        siblings = [p for p in ctx.site.files if p.rsplit("/", 1)[0] == folder] if folder else []
        guess = closest(rel, siblings, cutoff=0.8)
        yield ctx.at_key(key, "default", on_value=True, key=key, target=value.strip(),
                         suggestion=f" (did you mean /{guess}?)" if guess else "")
    for link, found in analysed(post, ctx):
        if link.is_image and found.status == "missing":
            yield _at(ctx, link, "image", target=link.target, suggestion=_did_you_mean(found.suggestion))


@rule(
    "PL202",
    "case-mismatched-asset",
    "A path matches a file only if letter case is ignored.",
    fixable=True,
    messages={
        "default": "`{key}` points to {target}, but the file is {actual}: letter case differs (works on a Mac, 404 on the server)",
        "image": "Image {target} exists only as {actual}: letter case differs (works on a Mac, 404 on the server)",
    },
)
def case_mismatched_asset(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A path whose letter case differs from the file on disk: `/img/Photo.JPG`
    for `img/photo.jpg`.

    ## Why it matters
    macOS and Windows ignore letter case, so the image shows on the
    editor's machine; Linux build servers and most hosts do not, and the
    published page has a broken image. (Some hosts, such as Netlify, serve
    paths case-insensitively; set `[links] case-insensitive-host = true` to
    make this a warning.)

    ## Example
    ```yaml
    image: /img/promo.png
    ```
    while the file is `img/promo.PNG`.

    ## Fix
    Write the path exactly as the file is named (safe fix):
    ```yaml
    image: /img/promo.PNG
    ```
    """
    from postlint.core.diagnostics import Severity

    options = ctx.options(LinksOptions)
    severity = Severity.WARNING if options.case_insensitive_host else None
    for key, value in _front_matter_assets(post, ctx):
        target = asset_target(value)
        rel = ctx.site.resolve_in_root(target) if target else None
        if rel is None or ctx.site.exists(rel):
            continue
        variants = ctx.site.case_variants(rel)
        if len(variants) != 1:
            continue
        actual = "/" + variants[0]
        fix = _replace_in_value(post, key, target or "", actual)
        yield ctx.at_key(key, "default", on_value=True, key=key, target=target, actual=actual, fix=fix, severity=severity)
    for link, found in analysed(post, ctx):
        if link.is_image and found.status == "case" and found.actual:
            yield _at(ctx, link, "image", target=link.target, actual=found.actual,
                      fix=_case_fix(post, link, found), severity=severity)


def _replace_in_value(post: Post, key: str, old: str, new: str) -> Fix | None:
    span = post.span_of(key, value=True)
    if span is None:
        return None
    source = post.text[span.start : span.end]
    at = source.find(old)
    if at < 0 or source.find(old, at + 1) >= 0:
        return None
    start = span.start + at
    return Fix((Edit(start, start + len(old), new),), safe=True, description=f"write {new}")


# -- links of the body (and link fields of the front matter) --------------------------


def analysed(post: Post, ctx: PostContext) -> list[tuple[Link, Resolution]]:
    """Every link of the post with its resolution, computed once per post."""
    return ctx.file_memo.get("links", lambda: _analyse(post, ctx))


def _analyse(post: Post, ctx: PostContext) -> list[tuple[Link, Resolution]]:
    links = [*extract_links(post), *_front_matter_links(post, ctx)]
    known = tuple(ctx.options(LinksOptions).known_urls)
    return [(link, resolve_link(link, post, ctx.site, ctx.memo, known)) for link in links]


def _front_matter_links(post: Post, ctx: PostContext) -> Iterator[Link]:
    for key, value in _front_matter_fields(post, ctx, LinkRef):
        span = post.span_of(key, value=True)
        if span is not None:
            yield Link("front-matter", value.strip(), None, span.line, span.column, span.end_line, span.end_column, key=key)


def _at(ctx: PostContext, link: Link, message_id: str, **params: Any) -> Diagnostic:
    return ctx.at(message_id, link.line, link.column, end_line=link.end_line, end_column=link.end_column, **params)


def _did_you_mean(suggestion: str | None) -> str:
    return f" (did you mean {suggestion}?)" if suggestion else ""


def _case_fix(post: Post, link: Link, found: Resolution) -> Fix | None:
    """Rewrite the differing path in place when the link is a plain path."""
    if not found.actual or link.end_line != link.line:
        return None
    start = post.offset(link.line, link.column)
    written = post.text[start : start + len(link.target)]
    if written != link.target:
        return None
    head, sep, fragment = link.target.partition("#")
    path = head.split("?", 1)[0]
    if unquote(path).lower() != found.path.lower() or not path.startswith("/"):
        return None
    new = found.actual + head[len(path):] + sep + fragment
    return Fix((Edit(start, start + len(link.target), new),), safe=True, description=f"write {found.actual}")


def _where(link: Link) -> str:
    return f"`{link.key}`" if link.key else "Link"


@rule(
    "PL203",
    "broken-link",
    "An internal link points to a page or file the site does not publish.",
    messages={
        "default": "{where} to {target}: no page or file of the site is published there{suggestion}",
        "relative": "{where} to {target} is relative: from this page it leads to {resolved}, which does not exist{suggestion}",
        "post-url": "{{% post_url {target} %}}: no post has this file name{suggestion} (Jekyll stops the build)",
        "link-tag": "{{% link {target} %}}: no such file{suggestion} (Jekyll stops the build)",
        "redirect": "{where} to {target} is redirected to {chain}: no page or file of the site is published there",
    },
)
def broken_link(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """An internal link (site-relative `/blog/...`, relative `../x`, an
    absolute URL of the site's own domain, `{% post_url %}` or `{% link %}`)
    leads to no page, post, collection item, static file or redirect of the
    site, even ignoring letter case. Relative links are resolved against
    the page's *published* URL, as a browser does.

    ## Why it matters
    Readers get a 404 page. Links between posts break when a post is
    renamed, when its date changes, or when a relative link is written as
    if the site were a folder of files. Redirects are followed: those of
    the host (Netlify's `_redirects`, `netlify.toml`) and of
    jekyll-redirect-from (`redirect_from:`, `redirect_to:`); a link whose
    redirect leads to no page is reported with the chain it goes through.

    ## Example
    In a post published at `/blog/2018/03/16/bilan.html`:
    ```markdown
    Voir [son portrait](communaute/2018/marie-dupont.html).
    ```
    leads to `/blog/2018/03/16/communaute/2018/marie-dupont.html`.

    ## Fix
    ```markdown
    Voir [son portrait](/communaute/2018/marie-dupont.html).
    ```
    """
    for link, found in analysed(post, ctx):
        if found.status == "redirect-missing" and not link.is_image:
            yield _at(ctx, link, "redirect", where=_where(link), target=link.target, chain=" -> ".join(found.chain))
            continue
        if found.status != "missing" or link.is_image:
            continue
        suggestion = _did_you_mean(found.suggestion)
        if link.kind == "liquid-post-url":
            yield _at(ctx, link, "post-url", target=link.target, suggestion=suggestion)
        elif link.kind == "liquid-link":
            yield _at(ctx, link, "link-tag", target=link.target, suggestion=suggestion)
        elif not link.target.startswith(("/", "http:", "https:")) and ":" not in link.target.split("/")[0]:
            yield _at(ctx, link, "relative", where=_where(link), target=link.target, resolved=found.path, suggestion=suggestion)
        else:
            yield _at(ctx, link, "default", where=_where(link), target=link.target, suggestion=suggestion)


@rule(
    "PL204",
    "case-mismatched-link",
    "A link matches a page or file only if letter case is ignored.",
    fixable=True,
    messages={"default": "{where} to {target}: the page is published as {actual}: letter case differs (works on a Mac, 404 on the server)"},
)
def case_mismatched_link(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A link whose letter case differs from the published page or file:
    `/docs/Charte.pdf` for `docs/charte.pdf`.

    ## Why it matters
    The editor's Mac finds the file; the Linux build server and most hosts
    do not, and readers get a 404. (With `[links] case-insensitive-host =
    true`, for hosts such as Netlify, this is a warning.)

    ## Example
    ```markdown
    [La charte](/docs/Charte.pdf)
    ```

    ## Fix
    Write the path as the file is named (safe fix):
    ```markdown
    [La charte](/docs/charte.pdf)
    ```
    """
    from postlint.core.diagnostics import Severity

    severity = Severity.WARNING if ctx.options(LinksOptions).case_insensitive_host else None
    for link, found in analysed(post, ctx):
        if found.status == "case" and not link.is_image and found.actual:
            yield _at(ctx, link, "default", where=_where(link), target=link.target, actual=found.actual,
                      fix=_case_fix(post, link, found), severity=severity)


@rule(
    "PL205",
    "link-to-unpublished",
    "A link points to a draft or an unpublished page.",
    messages={"default": "{where} to {target}: this page comes from {source}, which is not published ({reason})"},
)
def link_to_unpublished(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A link to a page that exists in the repository but that Jekyll does
    not publish: a draft (`_posts/_x.md`, `_drafts/`), a page with
    `published: false`, or a future post on a site without `future: true`.

    ## Why it matters
    The link works in the editor's preview of the draft and is a 404 for
    readers until the draft is published, which is easy to forget.

    ## Example
    ```markdown
    Lire [le portrait](/blog/2024/12/02/portrait.html).
    ```
    while the post is still `_posts/_24-12-02-portrait.md`.

    ## Fix
    Publish the target first, or remove the link until it is published.
    """
    for link, found in analysed(post, ctx):
        if found.status != "unpublished" or not found.source:
            continue
        entry = ctx.site.sitemap.entries.get(found.source)
        reason = _unpublished_reason(entry.reason if entry else None, found.source)
        yield _at(ctx, link, "default", where=_where(link), target=link.target, source=found.source, reason=reason)


def _unpublished_reason(reason: str | None, source: str) -> str:
    name = source.rsplit("/", 1)[-1]
    if name.startswith("_") or "/_drafts/" in "/" + source:
        return "draft"
    return {"not published": "published: false", "future": "dated in the future"}.get(reason or "",
                                                                                     reason or "not published")


@rule(
    "PL206",
    "missing-anchor",
    "A link's #anchor matches no heading or id of the target page.",
    messages={
        "default": "{where} to {target}: the page has no anchor #{fragment}{suggestion}",
        "layout": "{where} to {target}: no anchor #{fragment} in the page nor in what postlint can read of its "
                  "layout (a theme, an include or Liquid may add it){suggestion}",
    },
)
def missing_anchor(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """The `#anchor` of a link to a Markdown page (or to a heading of the
    same page) matches none of its ids: explicit ids (`## Titre {#id}`,
    `{: #id}`, HTML `id=`) and the ids the site's Markdown engine generates
    from headings (kramdown's rules on kramdown sites: with its default
    GFM input, `## Méthode retenue` gets `méthode-retenue`).

    ## Why it matters
    The browser opens the page at the top instead of the section: the
    reader does not find what the link promised.

    ## Example
    ```markdown
    Voir [plus bas](#methode).

    ## La méthode
    ```

    ## Fix
    ```markdown
    Voir [plus bas](#la-méthode).
    ```
    or give the heading an explicit id: `## La méthode {#methode}`.
    """
    from postlint.core.diagnostics import Severity

    options = ctx.options(LinksOptions)
    for link, found in analysed(post, ctx):
        fragment = found.fragment
        if found.status != "ok" or not fragment or not found.source or fragment == "top":
            continue
        if fragment.startswith(("fn:", "fnref:")) or "{" in fragment:
            continue
        if found.source != post.relpath and ctx.site.status(found.source) is None:
            continue  # not a page postlint reads (an asset, a page of a plugin)
        target = post if found.source == post.relpath else ctx.site.post(found.source)
        ids = _page_ids(ctx, target)
        if fragment in ids or fragment in options.known_ids:
            continue
        around = _layout_ids(ctx, target)
        if fragment in around.ids:
            continue
        from postlint.core.suggest import closest

        guess = closest(fragment, sorted(ids | around.ids), cutoff=0.6)
        if around.uncertain:  # the layout may write it: postlint cannot know
            yield _at(ctx, link, "layout", where=_where(link), target=link.target, fragment=fragment,
                      severity=Severity.INFO, suggestion=f" (did you mean #{guess}?)" if guess else "")
            continue
        yield _at(ctx, link, "default", where=_where(link), target=link.target, fragment=fragment,
                  suggestion=f" (did you mean #{guess}?)" if guess else "")


def _layout_ids(ctx: PostContext, page: Post) -> LayoutIds:
    """The ids the page's layout chain writes, read once a run per layout."""
    from postlint.jekyll import classify, effective_front_matter
    from postlint.site.layouts import layout_ids

    cfg = ctx.site.sitemap.config
    data = effective_front_matter(page.relpath, page.front_matter or {}, cfg,
                                  classify(page.relpath, cfg, has_front_matter=page.has_front_matter))
    layout = data.get("layout")
    name = str(layout) if isinstance(layout, str) and layout else None
    return ctx.memo.get(("layout-ids", name), lambda: layout_ids(ctx.site, name))


def _page_ids(ctx: PostContext, page: Post) -> set[str]:
    """A linked page's ids, computed once a run."""
    return ctx.memo.get(("page-ids", page.relpath), lambda: page_ids(page, ctx.site.sitemap.config))


@rule(
    "PL207",
    "empty-link-text",
    "A link has no text.",
    severity="warning",
    messages={"default": "Link to {target} has no text: screen readers announce only the address"},
)
def empty_link_text(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A Markdown link whose text is empty or blank: `[](/x)`.

    ## Why it matters
    The link is invisible on the page, and screen readers read out the raw
    address, if anything (accessibility: RGAA criterion 6.2).

    ## Example
    ```markdown
    Le rapport est [ ](/docs/rapport.pdf) en ligne.
    ```

    ## Fix
    ```markdown
    Le [rapport](/docs/rapport.pdf) est en ligne.
    ```
    """
    for link, _found in analysed(post, ctx):
        if link.kind in ("link", "reference") and link.text is not None and not link.text.strip():
            yield _at(ctx, link, "default", target=link.target)


@rule(
    "PL208",
    "missing-alt-text",
    "An image has no alternative text.",
    severity="warning",
    messages={"default": "Image {target} has no alternative text (describe it between the brackets: ![...])"},
)
def missing_alt_text(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """An image with no alternative text: `![](/img/x.png)`, or an HTML
    `<img>` without an `alt` attribute. `alt=""` is how HTML marks an image
    as decorative (screen readers skip it): it is not reported.

    ## Why it matters
    Blind readers learn nothing from the image; search engines neither
    (accessibility: RGAA criterion 1.1).

    ## Example
    ```markdown
    ![](/img/blog/atelier.png)
    ```

    ## Fix
    ```markdown
    ![Les participants de l’atelier autour d’une carte](/img/blog/atelier.png)
    ```
    """
    for link, _found in analysed(post, ctx):
        if link.is_image and not link.decorative and link.text is not None and not link.text.strip():
            yield _at(ctx, link, "default", target=link.target)


@rule(
    "PL209",
    "insecure-link",
    "A link uses http:// where https:// is expected.",
    severity="warning",
    fixable=True,
    messages={"default": "{where} uses http:// for {host}, which is served over https: write {secure}"},
)
def insecure_link(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A link starting with `http://` to the site's own domain, or to a
    host listed in `[links] https-hosts` (`["*"]`: every host).

    ## Why it matters
    Readers go through a redirect, or get a browser warning; on the site's
    own domain, the link is better written site-relative anyway.

    ## Example
    ```markdown
    [Nos défis](http://www.example.gouv.fr/defis.html)
    ```

    ## Fix
    ```markdown
    [Nos défis](https://www.example.gouv.fr/defis.html)
    ```
    """
    from urllib.parse import urlsplit

    options = ctx.options(LinksOptions)
    wanted = {h.lower() for h in options.https_hosts}
    own = site_hosts(ctx.site.sitemap.config.url) if ctx.site.sitemap.config.url.startswith("https:") else set()
    for link, _found in analysed(post, ctx):
        if not link.target.lower().startswith("http://"):
            continue
        try:
            host = (urlsplit(link.target).hostname or "").lower()
        except ValueError:  # "http://[oops"
            continue
        if host in own or "*" in wanted or host in wanted:
            secure = "https://" + link.target[7:]
            start = post.offset(link.line, link.column)
            fix = None
            if post.text[start : start + 7] == link.target[:7]:
                fix = Fix((Edit(start, start + 7, "https://"),), safe=True, description="use https://")
            yield _at(ctx, link, "default", where=_where(link), host=host, secure=secure, fix=fix)


@rule(
    "PL210",
    "link-outside-root",
    "A link or image path climbs out of the site's root folder.",
    messages={"default": "{where} to {target} leads outside the site (too many ../): it is never looked up"},
)
def link_outside_root(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A relative path with more `..` than the page's URL has folders (or
    a `{% link %}` leaving the repository). postlint never looks such a
    path up on disk.

    ## Why it matters
    The browser silently stops at the site's root, so the link leads to
    another page than the editor meant, or to a 404.

    ## Example
    In `/blog/2020/01/02/x.html`:
    ```markdown
    [Accueil](../../../../../index.html)
    ```

    ## Fix
    Use a site-relative path:
    ```markdown
    [Accueil](/index.html)
    ```
    """
    for link, found in analysed(post, ctx):
        if found.status == "outside":
            yield _at(ctx, link, "default", where=_where(link), target=link.target)


_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$")


def email_problem(address: str) -> str | None:
    """Why an e-mail address is invalid (a message id), or None."""
    if not address:
        return "empty"
    if any(ch.isspace() for ch in address):
        return "space"
    if address[-1] in ".,;:!?)]>\"'":
        return "trailing"
    local, at, domain = address.rpartition("@")
    if not at or not local:
        return "no-at"
    if "." not in domain or domain.endswith("."):
        return "no-domain"
    if not _EMAIL.match(address):
        return "invalid"
    return None


@rule(
    "PL211",
    "invalid-email",
    "A mailto: link or a contact e-mail address is not a valid address.",
    messages={
        "empty": "mailto: link without an address",
        "space": "E-mail address {address!r} contains a space",
        "trailing": "E-mail address {address!r} ends with punctuation that is part of the link",
        "no-at": "E-mail address {address!r} has no @",
        "no-domain": "E-mail address {address!r} has no complete domain (such as example.org)",
        "invalid": "E-mail address {address!r} is not valid",
    },
)
def invalid_email(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A `mailto:` link, or an e-mail autolink (`<contact@example.org>`),
    that cannot be an address: spaces, no domain, punctuation captured in
    the link. An address written as plain text is not a link (kramdown does
    not link it), and a handle such as `name@project` is not reported.

    ## Why it matters
    Readers who want to write (to apply to a job offer, to contact the
    team) get an error from their mail program, or write to nobody.

    ## Example
    ```markdown
    Écrivez à [l’équipe](mailto:contact@example.gouv.fr.).
    ```

    ## Fix
    ```markdown
    Écrivez à [l’équipe](mailto:contact@example.gouv.fr).
    ```
    """
    for link, found in analysed(post, ctx):
        if found.status != "mailto":
            continue
        raw = unquote(link.target[7:].split("?", 1)[0])
        for address in raw.split(",") if raw else [""]:
            problem = email_problem(address.strip() if "," in raw else address)
            if problem:
                yield _at(ctx, link, problem, address=address)


# -- external links (opt-in: [links] external = true, or --external) --------------------


def _collect_external(post: Post, ctx: PostContext) -> list[list[Any]] | None:
    """A file's external links (with --external only): URL and position."""
    if not ctx.options(LinksOptions).external:
        return None
    return [[found.url.split("#", 1)[0], link.kind, link.target, link.line, link.column, link.end_line,
             link.end_column] for link, found in analysed(post, ctx) if found.status == "external"]


#: each file's external links, for the one network pass of a run.
EXTERNAL_LINKS = Collector("external-links", _collect_external, reads="content")


def external_results(ctx: Context) -> dict[str, Any]:
    """Check every external link of the content once per run."""
    return ctx.memo.get("external-results", lambda: _check_external(ctx))


def _check_external(ctx: Context) -> dict[str, Any]:
    from postlint.site.external import CheckSettings, ExternalChecker

    options = ctx.options(LinksOptions)
    where: dict[str, list[tuple[str, Link]]] = {}
    for relpath, found in ctx.summaries(EXTERNAL_LINKS).items():
        for url, kind, target, line, column, end_line, end_column in found or ():
            where.setdefault(url, []).append((relpath, Link(kind, target, None, line, column, end_line, end_column)))
    settings = CheckSettings(
        timeout=options.timeout, retries=options.retries, per_host=options.per_host,
        concurrency=options.concurrency, accept=tuple(options.accept), exclude=tuple(options.exclude_urls),
        cache_path=(ctx.site.root / repo_file(options.cache)) if repo_file(options.cache) else None,
        cache_max_age=options.cache_max_age, allow_private=options.allow_private,
    )
    outcomes = ExternalChecker(settings).check(where)
    return {"where": where, "outcomes": outcomes}


def _external(ctx: Context) -> Iterator[tuple[str, Link, Any]]:
    if not ctx.options(LinksOptions).external:
        return
    try:
        import httpx  # noqa: F401
    except ImportError:
        raise RuntimeError("checking external links needs httpx: pip install 'postlint[links]'") from None
    result = external_results(ctx)
    for url, places in result["where"].items():
        outcome = result["outcomes"].get(url)
        if outcome is None:
            continue
        for relpath, link in places:
            yield relpath, link, outcome


@rule(
    "PL212",
    "broken-external-link",
    "An external link answers an error, or nothing (checked only with --external).",
    scope="repo",
    collects=(EXTERNAL_LINKS,),
    volatile=True,
    messages={
        "broken": "Link to {url} answers HTTP {status}",
        "timeout": "Link to {url} did not answer within {detail}",
        "error": "Link to {url} cannot be reached ({detail})",
    },
)
def broken_external_link(ctx: Context) -> Iterator[Diagnostic]:
    """With `--external` (or `[links] external = true`), every external
    URL of the content is requested once (HEAD, then GET if refused), and
    those answering an error status (404, 410, 500 after retries...), or not
    answering in time, are reported at each link. Private and local
    addresses are skipped; results are cached on disk (`[links] cache`,
    `cache-max-age`).

    ## Why it matters
    External pages move and disappear: readers hit dead ends, and old
    posts quietly rot.

    ## Example
    ```markdown
    Le [rapport](https://www.example.org/rapport-2018.pdf) est en ligne.
    ```
    answers 404.

    ## Fix
    Find the document's new address, link to an archived copy (such as
    the Internet Archive's), or remove the link.
    """
    for relpath, link, outcome in _external(ctx):
        if outcome.status in ("broken", "timeout", "error"):
            yield ctx.diagnostic(relpath, outcome.status, link.line, link.column, end_line=link.end_line,
                                 end_column=link.end_column, url=outcome.url, status=outcome.code, detail=outcome.detail)


@rule(
    "PL213",
    "moved-external-link",
    "An external link is permanently redirected (checked only with --external).",
    scope="repo",
    collects=(EXTERNAL_LINKS,),
    volatile=True,
    severity="info",
    fixable=True,
    messages={"default": "Link to {url} has moved permanently to {location}"},
)
def moved_external_link(ctx: Context) -> Iterator[Diagnostic]:
    """An external URL answers with a permanent redirect (301 or 308):
    the page now lives at another address.

    ## Why it matters
    The redirect may disappear one day; the new address is the durable one.

    ## Example
    ```markdown
    [Le guide](http://example.org/guide)
    ```
    redirects permanently to `https://www.example.org/guide/`.

    ## Fix
    Write the new address (suggested fix, to review):
    ```markdown
    [Le guide](https://www.example.org/guide/)
    ```
    """
    for relpath, link, outcome in _external(ctx):
        if outcome.status != "redirect" or not outcome.location:
            continue
        post = ctx.site.post(relpath)
        fix = None
        start = post.offset(link.line, link.column)
        if post.text[start : start + len(outcome.url)] == outcome.url:
            fix = Fix((Edit(start, start + len(outcome.url), outcome.location),), safe=False,
                      description=f"write {outcome.location}")
        yield ctx.diagnostic(relpath, "default", link.line, link.column, end_line=link.end_line,
                             end_column=link.end_column, url=outcome.url, location=outcome.location, fix=fix)
