"""PL5xx: references between content and data files.

A front-matter field typed as a reference (``Reference`` marker, or
``type = "reference"`` in a declarative schema) must name an item of a
collection or a key of a data file. ``[references]`` declares cross-checks
between data files (``[[references.data]]``), reported at the data file's
line:column.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import unquote

from pydantic import BaseModel, Field

from postlint.config import RepoPath, StrictModel
from postlint.core import yamlpos
from postlint.core.diagnostics import Diagnostic
from postlint.core.document import Post
from postlint.core.suggest import closest
from postlint.jekyll.config import SiteConfig
from postlint.rules.base import Context, PostContext, rule
from postlint.rules.frontmatter import validation
from postlint.schemas.types import Reference

if TYPE_CHECKING:  # pragma: no cover
    from postlint.site.index import SiteIndex


class DataCheck(StrictModel):
    """Each entry of ``file`` has a ``field`` (a value or a list) naming keys of ``target``."""


    file: RepoPath
    field: str
    target: RepoPath


class ReferencesOptions(StrictModel):
    """``[references]``: cross-checks between data files."""

    SECTION: ClassVar[str] = "references"

    data: list[DataCheck] = Field(default_factory=list)


OPTIONS = ReferencesOptions


# -- data files, loaded once per run with positions --------------------------------------


class DataFile:
    """A YAML data file of the repo: its top-level keys and their positions."""

    def __init__(self, relpath: str, text: str | None) -> None:
        self.relpath = relpath
        self.result = yamlpos.load(text) if text is not None else None
        self.text = text

    @property
    def exists(self) -> bool:
        return self.text is not None

    @cached_property
    def data(self) -> dict[str, Any]:
        if self.text is None:
            return {}
        loaded = yamlpos.load(self.text) if self.result is None or self.result.data is None else self.result
        if loaded.data is not None:
            return loaded.data
        # a data file may be a list or a scalar: then it has no keys
        return {}

    def position(self, path: tuple[Any, ...], value: bool = False) -> tuple[int, int]:
        spans = self.result.spans.get(path) if self.result else None
        if spans is None:
            return 1, 1
        span = spans.value if value else spans.key
        return span.line, span.column


def data_file(ctx: Context, relpath: str) -> DataFile:
    """A data file of the repo (read once a run)."""
    rel = relpath.strip("/")
    return ctx.memo.get(("data-file", rel), lambda: _read_data_file(ctx, rel))


def _read_data_file(ctx: Context, rel: str) -> DataFile:
    text: str | None = None
    if rel in ctx.site.files:
        try:
            text = (ctx.site.root / rel).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            text = None
    return DataFile(rel, text)


def _collection_names(ctx: Context, collection: str) -> dict[str, str]:
    """Names by which an item of ``_<collection>/`` is referred to: its slug
    (file name without date and extension) and its stem -> its path."""
    return ctx.memo.get(("collection-names", collection), lambda: collection_names(ctx.site, collection))


def collection_names(site: SiteIndex, collection: str) -> dict[str, str]:
    """The same names from a site (also what an editor completes)."""
    return collection_item_names(site.files, site.sitemap.config, collection)


def collection_item_names(files: Iterable[str], cfg: SiteConfig, collection: str) -> dict[str, str]:
    """The names an item of a collection is referred to by (see
    :func:`_collection_names`), from the repo's files."""
    spec = cfg.collections.get(collection)
    folder = (spec.directory(cfg.collections_dir) if spec else f"_{collection}") + "/"
    names: dict[str, str] = {}
    for rel in sorted(files):
        if not rel.startswith(folder):
            continue
        stem = PurePosixPath(rel).stem
        names.setdefault(stem, rel)
        parts = stem.split("-", 3)
        if len(parts) == 4 and all(p.isdigit() for p in parts[:3]):
            names.setdefault(parts[3], rel)
    return names


@functools.lru_cache(maxsize=256)  # schema models are built once a run: walk their types once
def references_of(model: type[BaseModel]) -> Mapping[str, Reference]:
    """Fields of a schema marked as references, with their marker."""
    found: dict[str, Reference] = {}
    for name, field in model.model_fields.items():
        marker = next((m for m in field.metadata if isinstance(m, Reference)), None) or _marker_in(field.annotation)
        if marker is not None:
            found[field.alias or name] = marker
    return found


def _marker_in(annotation: Any) -> Reference | None:
    for meta in getattr(annotation, "__metadata__", ()):
        if isinstance(meta, Reference):
            return meta
    for arg in typing.get_args(annotation):
        found = _marker_in(arg)
        if found is not None:
            return found
    return None


def _values(post: Post, key: str) -> Iterator[tuple[tuple[Any, ...], str]]:
    value = (post.front_matter or {}).get(key)
    if isinstance(value, str):
        yield (key,), value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str):
                yield (key, i), item


def _suggest(word: str, candidates: list[str]) -> str:
    guess = closest(word, candidates, cutoff=0.7)
    return f" (did you mean {guess!r}?)" if guess else ""


@rule(
    "PL501",
    "unknown-reference",
    "A front-matter reference names no item of its collection or no key of its data file.",
    messages={
        "collection": "`{key}`: {value!r} is not an item of the {collection} collection (_{collection}/){suggestion}",
        "data": "`{key}`: {value!r} is not a key of {file}{suggestion}",
        "no-data": "`{key}` refers to {file}, which does not exist",
    },
)
def unknown_reference(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A field declared as a reference (`type = "reference"` with
    `collection = "startups"` or `data = "_data/personnes.yml"`) names
    something that does not exist: no `_startups/<name>.md`, or no such key
    in the data file. Letter case and accents count.

    ## Why it matters
    Templates look the name up (`site.data.personnes[page.nom]`): a name
    that matches nothing gives an empty card, a missing photo or a broken
    link, without any build error.

    ## Example
    ```yaml
    nom: Etienne David
    ```
    while `_data/personnes.yml` has the key `Étienne David`.

    ## Fix
    ```yaml
    nom: Étienne David
    ```
    """
    result = validation(post, ctx)
    if result is None or result.model is None:
        return
    for key, ref in references_of(result.model).items():
        for path, value in _values(post, key):
            if ref.collection:
                names = _collection_names(ctx, ref.collection)
                if value.strip() not in names:
                    yield ctx.at_key(path, "collection", on_value=True, key=key, value=value,
                                     collection=ref.collection, suggestion=_suggest(value, list(names)))
            elif ref.data:
                data = data_file(ctx, ref.data)
                if not data.exists:
                    yield ctx.at_key(path, "no-data", on_value=True, key=key, file=ref.data)
                elif value not in data.data:
                    yield ctx.at_key(path, "data", on_value=True, key=key, value=value, file=ref.data,
                                     suggestion=_suggest(value, [str(k) for k in data.data]))


@rule(
    "PL502",
    "reference-url-mismatch",
    "A data entry's link to a page is not the page's published URL.",
    fixable=False,
    messages={
        "default": "`{field}` of {name!r} is {value!r}, but {source} is published at {url}",
        "missing": "{name!r} has no `{field}`; {source} is published at {url}",
    },
)
def reference_url_mismatch(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """For a reference to a data entry declared with `url-field`
    (`link_to` on the EIG site), that entry's field must equal the URL at
    which this page is published. Reported in the data file, at the value.

    ## Why it matters
    Lists built from the data file (the community page, a challenge's team)
    link to this URL: if the page was renamed or re-dated, those links are
    404s.

    ## Example
    In `_data/personnes.yml`, for `_communaute/2019-01-01-marie-dupont.md`:
    ```yaml
    Marie Dupont:
      link_to: /communaute/2018/marie-dupont.html
    ```

    ## Fix
    ```yaml
    Marie Dupont:
      link_to: /communaute/2019/marie-dupont.html
    ```
    """
    result = validation(post, ctx)
    url = ctx.site.sitemap.url_of(post.relpath)
    if result is None or result.model is None or not url:
        return
    for key, ref in references_of(result.model).items():
        if not (ref.data and ref.url_field):
            continue
        data = data_file(ctx, ref.data)
        for _path, value in _values(post, key):
            entry = data.data.get(value)
            if not isinstance(entry, dict):
                continue
            given = entry.get(ref.url_field)
            if given is None:
                line, col = data.position((value,))
                yield ctx.diagnostic(data.relpath, "missing", line, col, name=value, field=ref.url_field,
                                     source=post.relpath, url=unquote(url))
            elif not _same_url(str(given), url, ctx):
                line, col = data.position((value, ref.url_field), value=True)
                yield ctx.diagnostic(data.relpath, "default", line, col, name=value, field=ref.url_field,
                                     value=str(given), source=post.relpath, url=unquote(url))


def _same_url(given: str, url: str, ctx: Context) -> bool:
    return same_url(given, url, ctx.site.sitemap.config)


def same_url(given: str, url: str, cfg: SiteConfig) -> bool:
    """Whether a link written in a data file (``/communaute/2019/x.html``,
    or a full URL on the site's host) is the page URL ``url``."""
    from urllib.parse import urlsplit

    from postlint.site.links import site_hosts

    try:
        parts = urlsplit(given.strip())
    except ValueError:  # "http://[oops" is no page's URL
        return False
    if parts.scheme and (parts.hostname or "").lower() not in site_hosts(cfg.url):
        return False
    path = unquote(parts.path)
    base = cfg.baseurl.rstrip("/")
    if base and path.startswith(base + "/"):
        path = path[len(base):]
    return path == unquote(url)


@rule(
    "PL503",
    "unknown-data-reference",
    "A value in a data file names no key of the data file it refers to.",
    scope="repo",
    messages={
        "default": "{name!r}, `{field}`: {value!r} is not a key of {target}{suggestion}",
    },
)
def unknown_data_reference(ctx: Context) -> Iterator[Diagnostic]:
    """Cross-checks declared in `[references]`: in each entry of `file`,
    the `field` (a value or a list of values) must name keys of `target`.
    The EIG preset checks that the challenges (`defis`) of
    `_data/personnes.yml` and the `defi` of `_data/promos.yml` are keys of
    `_data/defis.yml`, and that the `eigs` of each challenge are keys of
    `_data/personnes.yml`. All failures are reported, each at its
    line:column in the data file.

    ## Why it matters
    Pages join these files by name: a challenge renamed in one file and
    not in the other silently disappears from a person's card or from its
    promotion's page.

    ## Example
    ```toml
    [[references.data]]
    file = "_data/personnes.yml"
    field = "defis"
    target = "_data/defis.yml"
    ```
    with `defis: [Signaux faibles]` while `_data/defis.yml` has the key
    `Signaux Faibles`.

    ## Fix
    Use the exact key: `defis: [Signaux Faibles]`.
    """
    options = ctx.options(ReferencesOptions)
    for check in options.data:
        source = data_file(ctx, check.file)
        target = data_file(ctx, check.target)
        if not source.exists or not target.exists:
            # presets name the files of their site; another site using the
            # preset may not have them all: nothing to cross-check then
            continue
            continue
        keys = [str(k) for k in target.data]
        for name, entry in source.data.items():
            if not isinstance(entry, dict) or entry.get(check.field) is None:
                continue
            value = entry[check.field]
            items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
            for i, item in items:
                if item is None or str(item) in target.data:
                    continue
                path = (name, check.field) if i is None else (name, check.field, i)
                line, col = source.position(path, value=True)
                yield ctx.diagnostic(source.relpath, "default", line, col, name=str(name), field=check.field,
                                     value=str(item), target=check.target, suggestion=_suggest(str(item), keys))
