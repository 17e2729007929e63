"""PL2xx: links and assets resolve to files the site publishes."""

from __future__ import annotations

from typing import ClassVar, Iterator
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel, ConfigDict

from postlint.diagnostics import Diagnostic, Edit, Fix
from postlint.document import Post
from postlint.rules.base import PostContext, rule
from postlint.rules.frontmatter import validation
from postlint.schemas import fields_marked
from postlint.schemas.types import AssetRef


class LinksOptions(BaseModel):
    """``[links]``: how links and assets are checked."""

    SECTION: ClassVar[str] = "links"
    model_config = ConfigDict(extra="forbid", alias_generator=lambda s: s.replace("_", "-"), populate_by_name=True)

    #: the host serves paths case-insensitively (e.g. Netlify): a letter-case
    #: mismatch is then a portability warning rather than an error.
    case_insensitive_host: bool = False


OPTIONS = LinksOptions


def asset_target(value: str, baseurl: str = "") -> str | None:
    """The repo-relative path a site-relative asset URL points at, or None
    for external URLs and values that are not paths."""
    parts = urlsplit(value.strip())
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    path = unquote(parts.path)
    if baseurl and path.startswith(baseurl.rstrip("/") + "/"):
        path = path[len(baseurl.rstrip("/")) :]
    return path


def _front_matter_assets(post: Post, ctx: PostContext) -> Iterator[tuple[str, str]]:
    result = validation(post, ctx)
    if result is None or result.model is None or not post.front_matter:
        return
    for key in fields_marked(result.model, AssetRef):
        value = post.front_matter.get(key)
        if isinstance(value, str):
            yield key, value


@rule(
    "PL201",
    "missing-asset",
    "An image or file named in the front matter does not exist.",
    messages={
        "default": "`{key}` points to {target}, which does not exist{suggestion}",
        "outside-root": "`{key}` points outside the site ({target})",
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
    while the file is `img/blog/bilan2024.jpg`.

    ## Fix
    ```yaml
    image: /img/blog/bilan2024.jpg
    ```
    """
    from postlint.suggest import closest

    for key, value in _front_matter_assets(post, ctx):
        target = asset_target(value)
        if target is None:
            continue
        rel = ctx.index.resolve_in_root(target)
        if rel is None:
            yield ctx.at_key(key, "outside-root", on_value=True, key=key, target=target)
            continue
        if ctx.index.exists(rel) or ctx.index.case_variants(rel):
            continue
        folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
        siblings = [p for p in ctx.index.files if p.rsplit("/", 1)[0] == folder] if folder else []
        guess = closest(rel, siblings, cutoff=0.8)
        yield ctx.at_key(key, "default", on_value=True, key=key, target=value.strip(),
                         suggestion=f" (did you mean /{guess}?)" if guess else "")


@rule(
    "PL202",
    "case-mismatched-asset",
    "A path matches a file only if letter case is ignored.",
    fixable=True,
    messages={"default": "`{key}` points to {target}, but the file is {actual}: letter case differs (works on a Mac, 404 on the server)"},
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
    from postlint.diagnostics import Severity

    options = ctx.options(LinksOptions)
    severity = Severity.WARNING if options.case_insensitive_host else None
    for key, value in _front_matter_assets(post, ctx):
        target = asset_target(value)
        rel = ctx.index.resolve_in_root(target) if target else None
        if rel is None or ctx.index.exists(rel):
            continue
        variants = ctx.index.case_variants(rel)
        if len(variants) != 1:
            continue
        actual = "/" + variants[0]
        fix = _replace_in_value(post, key, target or "", actual)
        yield ctx.at_key(key, "default", on_value=True, key=key, target=target, actual=actual, fix=fix, severity=severity)


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
