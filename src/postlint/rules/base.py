"""What a rule is, and the context a check receives.

A rule is a small object: a stable code (family prefix + number), a
kebab-case name, a one-line summary, a default severity, its message
templates, and a check function whose docstring is the rule's explanation
(what it does, why it matters, a bad and a good example, its fix).

Two kinds of checks exist:

* ``scope="post"``: ``check(post, ctx) -> Iterable[Diagnostic]``, called once
  per linted file with read-only access to the repo index. Must return plain
  data so it can run in a worker process and be cached.
* ``scope="repo"``: ``check(ctx) -> Iterable[Diagnostic]``, called once per
  run on the whole index.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Literal, Mapping, TypeVar

from pydantic import BaseModel

from postlint.core.diagnostics import Diagnostic, Fix, Severity

if TYPE_CHECKING:  # pragma: no cover
    from postlint.config import Config
    from postlint.core.document import Post
    from postlint.site.index import RepoIndex

Scope = Literal["post", "repo"]
OptionsT = TypeVar("OptionsT", bound=BaseModel)


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
    #: rules applying to posts mapped to a schema only.
    needs_schema: bool = False

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
        )

    return wrap


@dataclass
class Context:
    """What a check sees: the effective config, the repo index, its rule."""

    config: Config
    index: RepoIndex
    rule: Rule
    _options_cache: dict[type, Any] = field(default_factory=dict, repr=False)

    @property
    def severity(self) -> Severity:
        return self.config.severity_for(self.rule)

    def options(self, model: type[OptionsT]) -> OptionsT:
        """The rule family's validated options section (see ``SECTION``)."""
        if model not in self._options_cache:
            self._options_cache[model] = self.config.section(model)
        return self._options_cache[model]  # type: ignore[no-any-return]

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
    """Context of a per-file check: adds the post and position helpers."""

    post: Post = None  # type: ignore[assignment]

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
