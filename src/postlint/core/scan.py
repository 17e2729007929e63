"""Linear-time scanners for the patterns that were regular expressions
quadratic (or worse) in the length of a line.

A lazy pattern such as ``<!--.*?-->`` scans to the end of the text from
every ``<!--`` that has no closing ``-->``: a line of ``<!-- `` repeated
50,000 times took minutes. Each function here returns exactly the spans
``finditer`` returned for the pattern it names (the tests compare them on
random inputs), but looks for each closing delimiter once: the first
occurrence at or after a position is remembered (:class:`NextMatch`), and a
search that found nothing is not repeated further on.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator

__all__ = [
    "NextMatch", "Spans", "atx_closing_start", "backtick_runs", "code_spans", "code_spans_from_any_backtick",
    "emails", "footnote_refs", "html_comments", "html_tags", "liquid", "liquid_blocks", "loose_code_spans",
    "markdown_images", "markdown_links", "raw_elements", "simple_tags", "unclosed_tag_ends",
]

#: a scanner: the ``(start, end)`` spans of a pattern's matches, in order.
Spans = Callable[[str], Iterator[tuple[int, int]]]


class NextMatch:
    """The first occurrence of a string or pattern starting at or after a
    position. The last answer is reused while it stays valid, so asking for
    increasing positions scans the text once."""

    __slots__ = ("_found", "_from", "_needle", "_text")

    def __init__(self, text: str, needle: str | re.Pattern[str]) -> None:
        self._text = text
        self._needle = needle
        self._from = -1
        self._found: tuple[int, int] | None = None

    def at_or_after(self, pos: int) -> tuple[int, int] | None:
        found = self._found
        if self._from >= 0 and self._from <= pos and (found is None or pos <= found[0]):
            return found
        if isinstance(self._needle, str):
            at = self._text.find(self._needle, pos)
            found = (at, at + len(self._needle)) if at >= 0 else None
        else:
            m = self._needle.search(self._text, pos)
            found = m.span() if m else None
        self._from, self._found = pos, found
        return found


def _lazy_pairs(text: str, opener: re.Pattern[str], closers: dict[str, str]) -> Iterator[tuple[int, int]]:
    """``opener.*?closer`` (DOTALL) where the opener's text picks the closer."""
    finders = {key: NextMatch(text, closer) for key, closer in closers.items()}
    pos = 0
    while True:
        m = opener.search(text, pos)
        if m is None:
            return
        close = finders[m.group(0)].at_or_after(m.end())
        if close is None:
            pos = m.start() + 1
            continue
        yield m.start(), close[1]
        pos = close[1]


_LIQUID_OPENER = re.compile(r"\{[%{]")


def liquid(text: str) -> Iterator[tuple[int, int]]:
    r"""``\{%.*?%\}|\{\{.*?\}\}`` (DOTALL): Liquid tags and output."""
    return _lazy_pairs(text, _LIQUID_OPENER, {"{%": "%}", "{{": "}}"})


def html_comments(text: str) -> Iterator[tuple[int, int]]:
    """``<!--.*?-->`` (DOTALL)."""
    close = NextMatch(text, "-->")
    pos = 0
    while True:
        at = text.find("<!--", pos)
        if at < 0:
            return
        found = close.at_or_after(at + 4)
        if found is None:
            return  # no later comment can close either
        yield at, found[1]
        pos = found[1]


_LIQUID_BLOCK_HEAD = re.compile(r"\{%-?\s*(raw|comment|highlight)\b")


def liquid_blocks(text: str) -> Iterator[tuple[int, int]]:
    r"""``\{%-?\s*(raw|comment|highlight)\b.*?%\}.*?\{%-?\s*end\1\s*-?%\}``
    (DOTALL): Liquid blocks whose content is not prose."""
    tag_close = NextMatch(text, "%}")
    ends: dict[str, NextMatch] = {}
    pos = 0
    while True:
        head = _LIQUID_BLOCK_HEAD.search(text, pos)
        if head is None:
            return
        close = tag_close.at_or_after(head.end())
        if close is None:
            return
        name = head.group(1)
        if name not in ends:
            ends[name] = NextMatch(text, re.compile(r"\{%-?\s*end" + name + r"\s*-?%\}"))
        end = ends[name].at_or_after(close[1])
        if end is None:
            pos = head.start() + 1
            continue
        yield head.start(), end[1]
        pos = end[1]


_RAW_HEAD = re.compile(r"<(script|style|pre|code|textarea)\b", re.IGNORECASE)


def raw_elements(text: str) -> Iterator[tuple[int, int]]:
    r"""``<(script|style|pre|code|textarea)\b[^>]*>.*?</\1\s*>`` (DOTALL,
    IGNORECASE): elements whose content is not prose."""
    tag_end = NextMatch(text, ">")
    ends: dict[str, NextMatch] = {}
    pos = 0
    while True:
        head = _RAW_HEAD.search(text, pos)
        if head is None:
            return
        gt = tag_end.at_or_after(head.end())
        if gt is None:
            return
        name = head.group(1)
        if name not in ends:
            ends[name] = NextMatch(text, re.compile("</" + re.escape(name) + r"\s*>", re.IGNORECASE))
        end = ends[name].at_or_after(gt[1])
        if end is None:
            pos = head.start() + 1
            continue
        yield head.start(), end[1]
        pos = end[1]


_LOCAL_PART = re.compile(r"[A-Za-z0-9._%+-]+")
_DOMAIN = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def emails(text: str) -> Iterator[tuple[int, int]]:
    r"""``[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+``.

    The local part is a maximal run (a shorter one would be followed by a
    local character, not ``@``), so every start inside a run fails alike."""
    pos = 0
    while True:
        local = _LOCAL_PART.search(text, pos)
        if local is None:
            return
        end = local.end()
        domain = _DOMAIN.match(text, end + 1) if text.startswith("@", end) else None
        if domain is None:
            pos = end
            continue
        yield local.start(), domain.end()
        pos = domain.end()


_FOOTNOTE_STOP = re.compile(r"[\]\s]")


def footnote_refs(text: str) -> Iterator[tuple[int, int]]:
    r"""``\[\^[^\]\s]+\]``."""
    stop = NextMatch(text, _FOOTNOTE_STOP)
    pos = 0
    while True:
        at = text.find("[^", pos)
        if at < 0:
            return
        found = stop.at_or_after(at + 2)
        if found is not None and found[0] > at + 2 and text[found[0]] == "]":
            yield at, found[1]
            pos = found[1]
        else:
            pos = at + 1


def backtick_runs(text: str) -> tuple[list[tuple[int, int]], dict[int, list[int]]]:
    """The maximal runs of backticks, and their starts by length."""
    runs = [m.span() for m in re.finditer(r"`+", text)]
    by_length: dict[int, list[int]] = {}
    for start, end in runs:
        by_length.setdefault(end - start, []).append(start)
    return runs, by_length


def _run_of_length(by_length: dict[int, list[int]], length: int, at_or_after: int) -> int | None:
    starts = by_length.get(length)
    if not starts:
        return None
    k = bisect.bisect_left(starts, at_or_after)
    return starts[k] if k < len(starts) else None


def code_spans(text: str) -> Iterator[tuple[int, int]]:
    r"""``(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)`` (DOTALL): a run of backticks,
    at least one character, then the next run of exactly the same length."""
    runs, by_length = backtick_runs(text)
    pos = 0
    for start, end in runs:
        if start < pos:
            continue
        close = _run_of_length(by_length, end - start, end + 1)
        if close is not None:
            pos = close + end - start
            yield start, pos


def code_spans_from_any_backtick(text: str) -> Iterator[tuple[int, int]]:
    r"""``(`+)(?!`).*?(?<!`)\1(?!`)`` (no DOTALL): like :func:`code_spans`,
    but a span may open in the middle of a run (its last backticks), and
    ``.`` stops at a line feed."""
    runs, by_length = backtick_runs(text)
    lengths = sorted(by_length)
    newline = NextMatch(text, "\n")
    pos = 0
    for start, end in runs:
        if start < pos:
            continue
        found = newline.at_or_after(end)
        limit = found[0] if found else len(text)
        # the earliest opening is the longest closing run that exists: only
        # lengths of actual runs can close
        for k in range(bisect.bisect_right(lengths, end - start) - 1, -1, -1):
            size = lengths[k]
            close = _run_of_length(by_length, size, end + 1)
            if close is not None and close < limit:
                pos = close + size
                yield end - size, pos
                break


_ATTRIBUTE_NAME = re.compile(r"[^\s\"'>/=]+")
_UNQUOTED_VALUE = re.compile(r"[^\s\"'=<>`]+")
_SPACES = re.compile(r"\s*")
_TAG_OPEN = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*")
_DECLARATION = re.compile(r"<![A-Za-z]")


class _TagTails:
    r"""Where ``(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>``
    ends when it starts at a position (None: it does not match there).

    The pattern is deterministic (an attribute name is a maximal run, a value
    is taken when ``=`` follows, otherwise nothing can match), so the tail
    from a position is one chain of attributes; every position on a chain
    gets the chain's answer, and a tag starting later that reaches one of
    them reuses it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.known: dict[int, int | None] = {}
        self.quotes = {'"': NextMatch(text, '"'), "'": NextMatch(text, "'")}

    def end(self, pos: int) -> int | None:
        text, known = self.text, self.known
        chain: list[int] = []
        result: int | None = None
        while True:
            if pos in known:
                result = known[pos]
                break
            chain.append(pos)
            after_spaces = _SPACES.match(text, pos).end()  # type: ignore[union-attr]
            name = _ATTRIBUTE_NAME.match(text, after_spaces) if after_spaces > pos else None
            if name is None:  # no attribute: the tag must end here
                close = after_spaces + 1 if text.startswith("/", after_spaces) else after_spaces
                result = close + 1 if text.startswith(">", close) else None
                break
            equals = _SPACES.match(text, name.end()).end()  # type: ignore[union-attr]
            if not text.startswith("=", equals):
                pos = name.end()
                continue
            value = self._value(_SPACES.match(text, equals + 1).end())  # type: ignore[union-attr]
            if value is None:
                break  # `name =` without a value: no way to end the tag
            pos = value
        for p in chain:
            known[p] = result
        return result

    def _value(self, at: int) -> int | None:
        text = self.text
        quote = text[at : at + 1]
        if quote in self.quotes:
            closing = self.quotes[quote].at_or_after(at + 1)
            return closing[1] if closing else None
        run = _UNQUOTED_VALUE.match(text, at)
        return run.end() if run else None


def html_tags(text: str) -> Iterator[tuple[int, int]]:
    r"""``</?[A-Za-z][A-Za-z0-9-]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>``
    ``|<![A-Za-z][^>]*>|<\?.*?\?>|<!\[CDATA\[.*?\]\]>`` (DOTALL): HTML tags,
    declarations, processing instructions and CDATA sections."""
    tails = _TagTails(text)
    closers = {">": NextMatch(text, ">"), "?>": NextMatch(text, "?>"), "]]>": NextMatch(text, "]]>")}
    pos = 0
    while True:
        at = text.find("<", pos)
        if at < 0:
            return
        end: int | None = None
        tag = _TAG_OPEN.match(text, at)
        if tag is not None:
            end = tails.end(tag.end())
        elif _DECLARATION.match(text, at):
            found = closers[">"].at_or_after(at + 3)
            end = found[1] if found else None
        elif text.startswith("<?", at):
            found = closers["?>"].at_or_after(at + 2)
            end = found[1] if found else None
        elif text.startswith("<![CDATA[", at):
            found = closers["]]>"].at_or_after(at + 9)
            end = found[1] if found else None
        if end is None:
            pos = at + 1
            continue
        yield at, end
        pos = end


_UNCLOSED_START = re.compile(r"<[A-Za-z/!]")
_TAG_STOP = re.compile(r"[>\n]")


def unclosed_tag_ends(text: str) -> Iterator[tuple[int, int]]:
    r"""``<[A-Za-z/!][^>\n]*$`` (MULTILINE): a tag left open at the end of its line."""
    stop = NextMatch(text, _TAG_STOP)
    pos = 0
    while True:
        start = _UNCLOSED_START.search(text, pos)
        if start is None:
            return
        found = stop.at_or_after(start.start() + 2)
        end = found[0] if found else len(text)
        if found is not None and text[end] == ">":
            pos = end + 1  # every start before the `>` stops there too
            continue
        yield start.start(), end
        pos = end


def atx_closing_start(line: str, pos: int) -> int | None:
    r"""Where ``[ \t]+#+[ \t]*$|^#+[ \t]*$`` first matches in ``line``
    searching from ``pos`` (``line`` has no line break), or None: the
    closing sequence of an ATX heading."""
    end = len(line.rstrip(" \t"))
    hashes = end
    while hashes > 0 and line[hashes - 1] == "#":
        hashes -= 1
    if hashes == end:
        return None  # no closing hashes
    if hashes == 0:
        return 0 if pos == 0 else None
    spaces = hashes
    while spaces > 0 and line[spaces - 1] in " \t":
        spaces -= 1
    if spaces == hashes or pos >= hashes:
        return None
    return max(spaces, pos)


def _bracketed(text: str, opener: str, closers: dict[str, NextMatch], bracket: NextMatch
               ) -> Iterator[tuple[int, int, int]]:
    """``OPENER[^\\]]*\\](?:\\([^)]*\\)|\\[[^\\]]*\\])``: ``(start, end, the
    first ]``) of each match. The text ends at the first ``]``; after it a
    ``(`` runs to the first ``)``, a ``[`` to the next ``]``."""
    pos = 0
    while True:
        at = text.find(opener, pos)
        if at < 0:
            return
        close = bracket.at_or_after(at + len(opener))
        if close is None:
            return  # no `]` after: no later opening can match either
        c = close[0]
        after = closers.get(text[c + 1 : c + 2])
        found = after.at_or_after(c + 2) if after is not None else None
        if found is None:
            pos = at + 1
            continue
        yield at, found[1], c
        pos = found[1]


def markdown_images(text: str) -> Iterator[tuple[int, int]]:
    r"""``!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]``."""
    bracket = NextMatch(text, "]")
    closers = {"(": NextMatch(text, ")"), "[": bracket}
    return ((start, end) for start, end, _ in _bracketed(text, "![", closers, bracket))


def markdown_links(text: str) -> Iterator[tuple[int, int, int]]:
    r"""``\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])``: ``(start, end, end of the
    link text)``; the text starts after the ``[``."""
    bracket = NextMatch(text, "]")
    closers = {"(": NextMatch(text, ")"), "[": bracket}
    return _bracketed(text, "[", closers, bracket)


_SIMPLE_TAG_OPEN = re.compile(r"</?[A-Za-z]")


def simple_tags(text: str) -> Iterator[tuple[int, int]]:
    r"""``</?[A-Za-z][^>]*>``."""
    gt = NextMatch(text, ">")
    pos = 0
    while True:
        m = _SIMPLE_TAG_OPEN.search(text, pos)
        if m is None:
            return
        found = gt.at_or_after(m.end())
        if found is None:
            return
        yield m.start(), found[1]
        pos = found[1]


class _RunMax:
    """Maximum length over a range of backtick runs (a sparse table)."""

    def __init__(self, lengths: list[int]) -> None:
        self.table = [lengths]
        width = 1
        while 2 * width <= len(lengths):
            last = self.table[-1]
            self.table.append([max(last[k], last[k + width]) for k in range(len(lengths) - 2 * width + 1)])
            width *= 2

    def max(self, lo: int, hi: int) -> int:
        """Over runs ``lo`` to ``hi - 1`` (0 when empty)."""
        if hi <= lo:
            return 0
        level = (hi - lo).bit_length() - 1
        row = self.table[level]
        return max(row[lo], row[hi - (1 << level)])


def loose_code_spans(text: str) -> Iterator[tuple[int, int, int, int]]:
    r"""``(`+)(.+?)\1`` (DOTALL): ``(start, end, content start, content end)``.

    A span may open anywhere in a run of backticks and close on any backticks
    (none of CommonMark's rules). At a backtick with ``R`` backticks up to
    the end of its run, the regular expression tries ``R`` opening backticks,
    then ``R - 1``..., each time the first ``L`` backticks after at least one
    character: inside the same run when ``2L + 1 <= R``, else the start of
    the first later run of at least ``L``. So the opening it keeps is the
    longest of those two, found directly instead of by backtracking (cubic
    over a line of backticks)."""
    runs, _ = backtick_runs(text)
    starts = [s for s, _ in runs]
    lengths = [e - s for s, e in runs]
    longest = _RunMax(lengths)
    pos = 0
    k = 0  # the run holding or following pos
    while k < len(runs):
        start, end = runs[k]
        if end <= pos:
            k += 1
            continue
        i = max(start, pos)
        remaining = end - i
        later = longest.max(k + 1, len(runs))
        size = max(min(remaining, later), (remaining - 1) // 2)
        if size == 0:
            return  # no later run, and this one is too short to close itself
        if 2 * size + 1 <= remaining:
            close = i + size + 1
        else:
            lo, hi = k + 1, len(runs)  # the first later run of at least `size`
            while lo < hi:
                mid = (lo + hi) // 2
                if longest.max(k + 1, mid + 1) >= size:
                    hi = mid
                else:
                    lo = mid + 1
            close = starts[lo]
        yield i, close + size, i + size, close
        pos = close + size
