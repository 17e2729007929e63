"""What a rule is, and the context a check receives.

A rule is a small object: a stable code (family prefix + number), a
kebab-case name, a one-line summary, a default severity, its message
templates, and a check function whose docstring is the rule's explanation
(what it does, why it matters, a bad and a good example, its fix).

Two kinds of checks exist:

* ``scope="post"``: ``check(post, ctx) -> Iterable[Diagnostic]``, called once
  per checked file, with read-only access to the site. Returns plain data,
  so it can run in a worker process and be cached.
* ``scope="repo"``: ``check(ctx) -> Iterable[Diagnostic]``, called once a
  run. What it needs of each content file it declares as
  :class:`Collector` s (``collects=``): the engine computes each file's
  summary where the file is checked (in workers), caches it per file, and
  the check reads them all with ``ctx.summaries(collector)`` (collect,
  then reduce).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel

from postlint.core.diagnostics import Diagnostic, Fix, Severity
from postlint.core.memo import Memo

if TYPE_CHECKING:  # pragma: no cover
    from postlint.config import Config
    from postlint.core.document import Post
    from postlint.schemas import Schemas
    from postlint.site.index import SiteIndex

Scope = Literal["post", "repo"]
OptionsT = TypeVar("OptionsT", bound=BaseModel)
CheckT = TypeVar("CheckT", bound=Callable[..., Iterable[Diagnostic]])


@dataclass(frozen=True)
class Collector:
    """What a repo-wide rule needs to know of each content file.

    ``collect(post, ctx)`` returns JSON data (lists, dicts, text, numbers;
    None for "nothing here"); it must depend only on the file's path and on
    what ``reads`` says: ``"front-matter"`` (tags, a tag page's key) or
    ``"content"`` (links of the body), plus the configuration. Rules that
    name the same collector share its summaries.
    """

    name: str
    collect: Callable[[Post, PostContext], Any]
    reads: Literal["front-matter", "content"] = "front-matter"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    severity: Severity
    messages: Mapping[str, str]
    check: Callable[..., Iterable[Diagnostic]]
    scope: Scope = "post"
    fixable: bool = False
    #: opt-in rules run only when selected (by config, preset or --select).
    default_enabled: bool = True
    #: repo-wide rules: the per-file summaries they reduce.
    collects: tuple[Collector, ...] = ()
    #: repo-wide rules whose findings depend on more than the files (the
    #: network): never served from the cache.
    volatile: bool = False

    @property
    def family(self) -> str:
        return self.check.__module__.rsplit(".", 1)[-1]

    @property
    def explanation(self) -> str:
        return inspect.getdoc(self.check) or self.summary

    def diagnostic(
        self,
        path: str,
        message_id: str,
        line: int,
        column: int = 1,
        *,
        severity: Severity | None = None,
        end_line: int | None = None,
        end_column: int | None = None,
        fix: Fix | None = None,
        **params: Any,
    ) -> Diagnostic:
        """A finding of this rule, with one of its message templates."""
        template = self.messages.get(message_id)
        if template is None:
            raise KeyError(f"rule {self.code} has no message {message_id!r}")
        return Diagnostic(
            path=path,
            line=max(1, line),
            column=max(1, column),
            code=self.code,
            name=self.name,
            severity=severity or self.severity,
            message_id=message_id,
            params=params,
            end_line=end_line,
            end_column=end_column,
            fix=fix,
            template=template,
        )


def rule(
    code: str,
    name: str,
    summary: str,
    *,
    severity: Severity | str = Severity.ERROR,
    messages: Mapping[str, str],
    scope: Scope = "post",
    fixable: bool = False,
    default_enabled: bool = True,
    collects: Iterable[Collector] = (),
    volatile: bool = False,
) -> Callable[[Callable[..., Iterable[Diagnostic]]], Rule]:
    """Declare a rule; the decorated check function becomes a :class:`Rule`.

    The registry finds every ``Rule`` in a family module, so declaring one is
    all it takes to add it.
    """

    def wrap(check: Callable[..., Iterable[Diagnostic]]) -> Rule:
        return Rule(
            code=code,
            name=name,
            summary=summary,
            severity=Severity(severity),
            messages=dict(messages),
            check=check,
            scope=scope,
            fixable=fixable,
            default_enabled=default_enabled,
            collects=tuple(collects),
            volatile=volatile,
        )

    return wrap


@dataclass
class Shared:
    """What every check of one run shares: built once by the engine."""

    config: Config
    site: SiteIndex
    #: the rule families' validated options, by table name (``links``).
    options: Mapping[str, BaseModel]
    schemas: Schemas
    #: values computed once a run (a tag vocabulary, a page-name index).
    memo: Memo = field(default_factory=Memo)
    #: ``(code, name)`` of every installed rule (suppression comments are checked against them).
    known_rules: tuple[tuple[str, str], ...] = ()

    def options_for(self, model: type[OptionsT]) -> OptionsT:
        name = getattr(model, "SECTION", None) or model.__name__.lower()
        found = self.options.get(name)
        if isinstance(found, model):
            return found
        # a model the registry does not list (a plugin's helper): validated once
        return self.memo.get(("options", model), lambda: self.config.section(model))


@dataclass
class Context:
    """What a check sees: the run's shared state and its own rule."""

    shared: Shared
    rule: Rule
    #: the per-file summaries of repo-wide rules (set by the engine for them).
    summary_source: Callable[[Collector], Mapping[str, Any]] | None = None

    @property
    def config(self) -> Config:
        return self.shared.config

    @property
    def site(self) -> SiteIndex:
        return self.shared.site

    @property
    def schemas(self) -> Schemas:
        return self.shared.schemas

    @property
    def memo(self) -> Memo:
        """The run's memo store (see :attr:`PostContext.file_memo` for one file's)."""
        return self.shared.memo

    @property
    def severity(self) -> Severity:
        return self.config.severity_for(self.rule)

    def options(self, model: type[OptionsT]) -> OptionsT:
        """The rule family's validated options section (see ``SECTION``)."""
        return self.shared.options_for(model)

    def summaries(self, collector: Collector) -> Mapping[str, Any]:
        """Each content file's summary by path (repo-wide rules only)."""
        if self.summary_source is None:
            raise RuntimeError(f"rule {self.rule.code} reads summaries but is not a repo-wide rule")
        return self.summary_source(collector)

    def diagnostic(
        self,
        path: str,
        message_id: str,
        line: int,
        column: int = 1,
        *,
        end_line: int | None = None,
        end_column: int | None = None,
        fix: Fix | None = None,
        severity: Severity | None = None,
        **params: Any,
    ) -> Diagnostic:
        return self.rule.diagnostic(path, message_id, line, column, severity=severity or self.severity,
                                    end_line=end_line, end_column=end_column, fix=fix, **params)


@dataclass
class PostContext(Context):
    """Context of a per-file check: adds the post, position helpers, and
    the file's memo store (cleared once the file is checked)."""

    post: Post = None  # type: ignore[assignment]
    file_memo: Memo = field(default_factory=Memo)

    def at(self, message_id: str, line: int, column: int = 1, **kw: Any) -> Diagnostic:
        return self.diagnostic(self.post.relpath, message_id, line, column, **kw)

    def at_key(self, where: str | tuple[Any, ...], message_id: str, *, on_value: bool = False, **kw: Any) -> Diagnostic:
        """A diagnostic at a front-matter key (or its value with ``on_value=True``).

        Falls back to the front matter's first line when the key is absent.
        """
        span = self.post.span_of(where, value=on_value)
        if span is None:
            line, col = self.post.front_matter_line, 1
            return self.at(message_id, line, col, **kw)
        return self.at(
            message_id,
            span.line,
            span.column,
            end_line=kw.pop("end_line", span.end_line),
            end_column=kw.pop("end_column", span.end_column),
            **kw,
        )
