"""Safe YAML loading that keeps the source position of every key and value.

The document is composed once into nodes (with marks), checked for what a
plain ``safe_load`` silently accepts or chokes on (duplicate keys, non-string
keys, alias bombs, impossible dates), then constructed from the same nodes.
Only PyYAML's safe loaders are ever used (the C one when available).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader


def safe_load(text: str) -> Any:
    """Plain values of a YAML document, with the project's one safe loader."""
    return yaml.load(text, Loader=_Loader)


#: An alias may be expanded, but not into more nodes than this.
MAX_EXPANDED_NODES = 10_000
#: Lists and mappings nested deeper than this are not read: every later
#: step (schemas, rules, the cache) walks values recursively. libyaml
#: itself stops at 1,000.
MAX_NESTING = 100
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
#: scalars whose construction can fail on a bad value (``!!bool maybe``).
_CHECKED_TAGS = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
#: Line breaks as the rest of postlint counts them (markdown-it's); YAML
#: also breaks lines at U+0085, U+2028 and U+2029, so positions are computed
#: from character offsets, not from YAML's own line numbers.
_LINE_BREAK = re.compile(r"\r\n?|\n")
_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass(frozen=True, slots=True)
class Span:
    """A 1-based ``line:column`` range, end exclusive, plus character offsets."""

    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class KeySpans:
    key: Span  # for sequence items, the item itself
    value: Span


@dataclass(frozen=True, slots=True)
class YamlIssue:
    kind: str
    line: int
    column: int
    params: dict[str, Any] = field(default_factory=dict)
    end_line: int | None = None
    end_column: int | None = None


@dataclass
class YamlResult:
    data: dict[str, Any] | None = None
    spans: dict[tuple[Any, ...], KeySpans] = field(default_factory=dict)
    issues: list[YamlIssue] = field(default_factory=list)


def load(text: str, *, line_offset: int = 0, index_offset: int = 0) -> YamlResult:
    """Load a front matter. ``line_offset`` is the number of lines before it
    in the file, ``index_offset`` the number of characters."""
    result = YamlResult()
    # libyaml does not count a byte-order mark at the start in its offsets
    shift = 1 if text.startswith("\ufeff") and _Loader is not yaml.SafeLoader else 0
    where = _Positions(text, line_offset, shift)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        result.issues.append(_syntax_issue(exc, text, where))
        return result
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        result.issues.append(YamlIssue("invalid-yaml", line_offset + 1, 1, {"problem": str(exc), "hint": ""}))
        return result
    except RecursionError:  # pragma: no cover - the pure-Python composer only
        result.issues.append(YamlIssue("invalid-yaml", line_offset + 1, 1, {"problem": "exceeded maximum nesting depth", "hint": ""}))
        return result
    finally:
        loader.dispose()
    if node is None:
        result.data = {}
        return result
    walker = _Walker(where, index_offset + shift, result)
    if not isinstance(node, yaml.MappingNode):
        kind = "list" if isinstance(node, yaml.SequenceNode) else "scalar"
        line, column = where.of(node.start_mark)
        result.issues.append(YamlIssue("front-matter-not-mapping", line, column, {"kind": kind}))
        return result
    shape = _shape_problem(node)
    if shape is not None:
        problem, culprit = shape
        line, column = where.of(culprit.start_mark)
        if problem == "recursive":
            result.issues.append(YamlIssue("alias-expansion", line, column, {"limit": MAX_EXPANDED_NODES, "hint": "recursive"}))
        else:
            result.issues.append(YamlIssue("invalid-yaml", line, column, {"problem": problem, "hint": ""}))
        return result
    limit = expansion_limit(text)
    if _expanded_size(node, {}, limit) > limit:
        line, column = where.of(node.start_mark)
        result.issues.append(YamlIssue("alias-expansion", line, column, {"limit": limit}))
        return result
    walker.walk(node, ())
    bad_dates = walker.bad_timestamps
    for scalar in bad_dates:
        scalar.tag = _STR_TAG  # keep the rest of the front matter usable
    if walker.bad_scalars:
        bad, problem = walker.bad_scalars[0]
        line, column = where.of(bad.start_mark)
        result.issues.append(YamlIssue("invalid-yaml", line, column, {"problem": problem, "hint": ""}))
        return result
    try:
        data = _Loader("").construct_document(node)
    except Exception as exc:
        mark = getattr(exc, "problem_mark", None) or node.start_mark
        line, column = where.of(mark)
        problem = (str(exc).splitlines() or [type(exc).__name__])[0]
        result.issues.append(YamlIssue("invalid-yaml", line, column, {"problem": problem, "hint": ""}))
        return result
    result.data = data if isinstance(data, dict) else {}
    return result


def expansion_limit(text: str) -> int:
    """The most nodes a YAML text may expand to: a few per character, so a
    long list written out is never taken for an alias bomb."""
    return MAX_EXPANDED_NODES + 4 * len(text)


def load_data(text: str) -> tuple[Any, YamlIssue | None]:
    """A whole YAML file (``_config.yml``, a data file: any shape), read with
    the limits of front matter: no alias inside its own anchor, no nesting
    past :data:`MAX_NESTING`, aliases expanding to at most a few values per
    character of the file (a "billion laughs" is refused, a big data file
    without aliases never is). ``(data, None)``, or ``(None, the issue)``."""
    where = _Positions(text, 0, 0)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return None, _syntax_issue(exc, text, where)
    except (yaml.YAMLError, RecursionError) as exc:
        return None, YamlIssue("invalid-yaml", 1, 1, {"problem": (str(exc).splitlines() or ["invalid YAML"])[0]})
    finally:
        loader.dispose()
    if node is None:
        return None, None
    shape = _shape_problem(node)
    limit = expansion_limit(text)
    if shape is not None or _expanded_size(node, {}, limit) > limit:
        culprit = shape[1] if shape else node
        line, column = where.of(culprit.start_mark)
        kind = "invalid-yaml" if shape and shape[0] != "recursive" else "alias-expansion"
        problem = shape[0] if shape and kind == "invalid-yaml" else "its aliases expand without end or beyond reason"
        return None, YamlIssue(kind, line, column, {"problem": problem})
    try:
        return _Loader("").construct_document(node), None
    except Exception as exc:  # a bad scalar (!!int x, !!timestamp x): what PyYAML says
        line, column = where.of(getattr(exc, "problem_mark", None) or node.start_mark)
        return None, YamlIssue("invalid-yaml", line, column, {"problem": (str(exc).splitlines() or [type(exc).__name__])[0]})


class _Positions:
    """File ``line:column`` of a YAML mark, lines broken as postlint breaks them."""

    def __init__(self, text: str, line_offset: int, shift: int = 0) -> None:
        self.text = text
        self.line_offset = line_offset
        self.shift = shift  # added to a mark's index (see the byte-order mark above)
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def line_index(self, index: int) -> int:
        """0-based line of the front matter holding character ``index``."""
        return bisect.bisect_right(self.starts, index) - 1

    def of(self, mark: Any) -> tuple[int, int]:
        index = min(max(mark.index + self.shift, 0), len(self.text))
        line = self.line_index(index)
        return self.line_offset + line + 1, index - self.starts[line] + 1


def _shape_problem(root: yaml.Node) -> tuple[str, yaml.Node] | None:
    """``("recursive", node)`` when an alias is used inside its own anchor
    (``&a [*a]``: a value without end), an ``invalid-yaml`` problem when
    collections nest deeper than :data:`MAX_NESTING`; None otherwise.

    Iterative, so that no nesting depth can exhaust Python's stack."""
    too_deep = f"exceeded maximum nesting depth ({MAX_NESTING} levels)"
    depth_of: dict[int, int] = {}  # finished collections: how many levels they hold
    on_path = {id(root)}
    stack: list[tuple[yaml.Node, list[yaml.Node], int]] = [(root, _children(root), 0)]  # next child to visit
    while stack:
        node, children, child = stack[-1]
        if child < len(children):
            stack[-1] = (node, children, child + 1)
            nxt = children[child]
            if id(nxt) in on_path:
                return "recursive", nxt
            if not isinstance(nxt, (yaml.MappingNode, yaml.SequenceNode)):
                continue
            if id(nxt) in depth_of:  # an alias of a collection already walked
                if len(stack) + depth_of[id(nxt)] > MAX_NESTING:
                    return too_deep, nxt
                continue
            if len(stack) >= MAX_NESTING:
                return too_deep, nxt
            on_path.add(id(nxt))
            stack.append((nxt, _children(nxt), 0))
            continue
        stack.pop()
        on_path.discard(id(node))
        depth_of[id(node)] = 1 + max((depth_of.get(id(c), 0) for c in children), default=0)
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


class _Walker:
    """Records spans and reports duplicate and non-string keys."""

    def __init__(self, where: _Positions, index_offset: int, result: YamlResult) -> None:
        self.where = where
        self.index_offset = index_offset
        self.result = result
        self.bad_timestamps: list[yaml.ScalarNode] = []
        self.bad_scalars: list[tuple[yaml.Node, str]] = []
        self._seen: set[int] = set()

    def span(self, node: yaml.Node) -> Span:
        s, e = node.start_mark, node.end_mark
        line, column = self.where.of(s)
        end_line, end_column = self.where.of(e)
        return Span(line, column, end_line, end_column, s.index + self.index_offset, e.index + self.index_offset)

    def walk(self, node: yaml.Node, path: tuple[Any, ...]) -> None:
        if id(node) in self._seen:  # an alias: already walked where defined
            return
        self._seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            self._walk_mapping(node, path)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self.result.spans.setdefault(path + (i,), KeySpans(self.span(item), self.span(item)))
                self.walk(item, path + (i,))
        elif isinstance(node, yaml.ScalarNode) and node.tag == _TIMESTAMP_TAG and not _valid_timestamp(node.value):
            self.bad_timestamps.append(node)
            sp = self.span(node)
            self.result.issues.append(
                YamlIssue("invalid-date", sp.line, sp.column, {"value": node.value, "key": _key_label(path)}, sp.end_line, sp.end_column)
            )
        elif node.tag in _CHECKED_TAGS and not _constructs(node):
            kind = node.tag.rsplit(":", 1)[-1]
            self.bad_scalars.append((node, f"{node.value!r} is not a valid !!{kind} value"))

    def _walk_mapping(self, node: yaml.MappingNode, path: tuple[Any, ...]) -> None:
        seen: dict[Any, Span] = {}
        kept = []
        for key_node, value_node in node.value:
            key_span = self.span(key_node)
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag == _MERGE_TAG:
                # ``<<: *base`` merges another mapping: ordinary alias use
                kept.append((key_node, value_node))
                self.walk(value_node, path)
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR_TAG:
                self.result.issues.append(
                    YamlIssue("non-string-key", key_span.line, key_span.column, {"key": _node_text(key_node)}, key_span.end_line, key_span.end_column)
                )
                continue  # reported; dropped so construction cannot fail on it
            kept.append((key_node, value_node))
            key = key_node.value
            if key in seen:
                first = seen[key]
                self.result.issues.append(
                    YamlIssue("duplicate-key", key_span.line, key_span.column, {"key": key, "first_line": first.line}, key_span.end_line, key_span.end_column)
                )
            else:
                seen[key] = key_span
            # the last occurrence wins, as in PyYAML and Jekyll
            self.result.spans[path + (key,)] = KeySpans(key_span, self.span(value_node))
            self.walk(value_node, path + (key,))
        node.value = kept


def _expanded_size(node: yaml.Node, memo: dict[int, int], limit: int = MAX_EXPANDED_NODES) -> int:
    """Node count once aliases are expanded (up to ``limit`` + 1), computed without expanding."""
    known = memo.get(id(node))
    if known is not None:
        return known
    memo[id(node)] = 1  # guards against recursive structures
    if isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded_size(k, memo, limit) + _expanded_size(v, memo, limit) for k, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(v, memo, limit) for v in node.value)
    else:
        size = 1
    memo[id(node)] = min(size, limit + 1)
    return memo[id(node)]


def _valid_timestamp(value: str) -> bool:
    if not yaml.SafeLoader.timestamp_regexp.match(value):
        return False  # an explicit ``!!timestamp`` on any text (PyYAML fails on None.groupdict())
    try:
        yaml.SafeLoader.construct_yaml_timestamp(yaml.SafeLoader(""), yaml.ScalarNode(_TIMESTAMP_TAG, value))
    except (ValueError, OverflowError):
        return False
    return True


def _constructs(node: yaml.Node) -> bool:
    """Whether a bool, int or float scalar has a value its constructor accepts
    (``!!bool maybe`` raises KeyError, ``!!int x`` and 5,000 digits ValueError)."""
    loader = yaml.SafeLoader("")
    try:
        loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, KeyError, TypeError, OverflowError):
        return False
    finally:
        loader.dispose()
    return True


def _node_text(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    return "[...]" if isinstance(node, yaml.SequenceNode) else "{...}"


def _key_label(path: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in path) or "(front matter)"


#: ``key: value`` whose plain (unquoted) value holds another ``: `` or
#: ends with ``:``, as French typography writes "Bilan : la suite".
_UNQUOTED_COLON_RE = re.compile(r"^(\s*(?:-\s+)?)([\w-]+):[ \t]+[^'\"\[{|>&*!#\s][^#]*?:(?:[ \t]|$)")
_MAPPING_VALUES = "mapping values are not allowed"


#: errors whose cause is an opening YAML found no end for: reported where it opens.
_UNCLOSED = {"while scanning a quoted scalar": "this quote is never closed",
             "while parsing a flow sequence": "this [ is never closed",
             "while parsing a flow mapping": "this { is never closed"}


def _syntax_issue(exc: yaml.MarkedYAMLError, text: str, where: _Positions) -> YamlIssue:
    unclosed = _UNCLOSED.get(exc.context or "") if exc.context_mark is not None else None
    if unclosed is not None:
        # YAML stops where it gave up looking (often the end of the front
        # matter); the editor's mistake is at the quote or bracket it opened
        line, column = where.of(exc.context_mark)
        return YamlIssue("invalid-yaml", line, column, {"problem": unclosed, "hint": "", "key": ""})
    mark = exc.problem_mark or exc.context_mark
    file_line, file_column = where.of(mark) if mark else (where.line_offset + 1, 1)
    line, column = file_line - where.line_offset - 1, file_column - 1
    line_offset = where.line_offset
    lines = _LINE_BREAK.split(text)
    current = lines[line] if 0 <= line < len(lines) else ""
    problem = exc.problem or "invalid YAML"
    # the most common editor mistake: a value containing ": " left unquoted.
    # Only when YAML itself stops on that line, at a colon inside the value.
    m = _UNQUOTED_COLON_RE.match(current)
    if m and _MAPPING_VALUES in problem and column > m.end(2):
        return YamlIssue(
            "invalid-yaml", line_offset + line + 1, len(m.group(1)) + 1,
            {"problem": problem, "hint": "quote-value", "key": m.group(2)},
        )
    hint = "tab" if "\t" in current else ""
    return YamlIssue("invalid-yaml", line_offset + line + 1, column + 1, {"problem": problem, "hint": hint, "key": ""})
