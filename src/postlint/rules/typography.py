"""PL6xx: French typography of the prose (opt-in).

Every rule reads :func:`postlint.core.prose.prose_view`, so code, URLs, Liquid,
HTML markup and Markdown syntax are never looked at nor changed. Rules apply
to Markdown files only, not to files matched by ``[typography] exclude``
(English translations) nor to posts whose front matter declares another
language (``lang``/``locale``), nor when the site's ``lang`` is not French.

Fixes are one-character insertions or replacements. A fix inside a heading
is unsafe: the heading's generated anchor may change with its spaces.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from typing import ClassVar, Literal

from pydantic import Field

from postlint.config import StrictModel
from postlint.core.diagnostics import Diagnostic, Edit, Fix
from postlint.core.document import Post
from postlint.core.globs import glob_match
from postlint.core.prose import MASK, prose_view
from postlint.rules.base import PostContext, rule

NBSP = "\u00a0"
NNBSP = "\u202f"
_NB = NBSP + NNBSP
_SPACE = " \t"
_MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
_LETTER = re.compile(r"[^\W\d_]")


class TypographyOptions(StrictModel):
    """``[typography]``: French typography conventions."""

    SECTION: ClassVar[str] = "typography"

    #: "nbsp": U+00A0 before : ; ! ? » and after «; "narrow": U+202F before
    #: ; ! ? (Imprimerie nationale), U+00A0 elsewhere.
    nbsp: Literal["nbsp", "narrow"] = "nbsp"
    #: "consistent": the post's majority style; or always one style.
    apostrophe: Literal["consistent", "typographic", "straight"] = "consistent"
    #: "en": a spaced hyphen used as a dash becomes an en dash; "off".
    dash: Literal["en", "off"] = "en"
    #: front-matter fields whose values are prose.
    text_fields: list[str] = Field(default_factory=lambda: ["title", "description"])
    #: globs of files never checked (e.g. English translations: "en/**").
    exclude: list[str] = Field(default_factory=list)


OPTIONS = TypographyOptions


# -- shared helpers ---------------------------------------------------------------
def _is_french(post: Post, ctx: PostContext, opts: TypographyOptions) -> bool:
    if not post.relpath.lower().endswith(_MARKDOWN_EXTENSIONS):
        return False
    # Jekyll copies a file without front matter as is; a file that does not
    # load cleanly gets its input errors first.
    if not post.has_front_matter or post.issues:
        return False
    if any(glob_match(post.relpath, pattern) for pattern in opts.exclude):
        return False
    declared = None
    if isinstance(post.front_matter, dict):
        declared = post.front_matter.get("lang") or post.front_matter.get("locale")
    lang = declared if isinstance(declared, str) else ctx.config.lang
    return lang is None or lang.lower().startswith("fr")


def _prepare(post: Post, ctx: PostContext) -> tuple[str, TypographyOptions] | None:
    opts = ctx.options(TypographyOptions)
    if not _is_french(post, ctx, opts):
        return None
    fields = tuple(opts.text_fields)
    view = ctx.file_memo.get(("prose-view", fields), lambda: prose_view(post, fields))
    if _mostly_english(view):
        return None  # an English page (a README, a translation) in a French site
    return view, opts


#: function words telling an English line from a French one.
_EN_WORDS = frozenset("the and of to is are was were for with you your we our this that it its in on be by "
                      "from what how why not can will have has".split())
_FR_WORDS = frozenset("le la les de des du et un une est en pour que qui dans sur avec nous vous il elle au "
                      "aux ce cette pas ne se sont à son sa ses leur leurs".split())


@functools.lru_cache(maxsize=16)  # asked once per rule for the same view
def _mostly_english(view: str) -> bool:
    words = re.findall(r"[^\W\d_]+", view.lower())
    english = sum(w in _EN_WORDS for w in words)
    return english >= 5 and english > sum(w in _FR_WORDS for w in words)


def _english_line(view: str, i: int) -> bool:
    """Whether the line holding ``i`` reads as English (a quotation, a
    translated memo): French spacing and quotes do not apply there."""
    return _view_lines(view).english(i)


_NOT_LINE_START = re.compile(f"[^{_SPACE}{_NB}{MASK}]")


class _ViewLines:
    """Facts about each line of a view, worked out once per line: rules ask
    them for every sign, and a 100 KB line of signs made each question scan
    the line again (quadratic)."""

    def __init__(self, view: str) -> None:
        self.view = view
        self.starts = [0] + [m.end() for m in re.finditer("\n", view)]
        self._english: dict[int, bool] = {}
        self._first_text: dict[int, int] = {}
        self._last_text: dict[int, int] = {}

    def _line(self, i: int) -> tuple[int, int, int]:
        """The line holding offset ``i``: its number, start and end (its line feed)."""
        k = bisect.bisect_right(self.starts, i) - 1
        end = self.starts[k + 1] - 1 if k + 1 < len(self.starts) else len(self.view)
        return k, self.starts[k], end

    def english(self, i: int) -> bool:
        k, start, end = self._line(i)
        if k not in self._english:
            words = re.findall(r"[^\W\d_]+", self.view[start:end].lower())
            english = sum(w in _EN_WORDS for w in words)
            self._english[k] = english >= 2 and english > sum(w in _FR_WORDS for w in words)
        return self._english[k]

    def first_text(self, i: int) -> int:
        """The first offset of the line of ``i`` that is not a space or markup."""
        k, start, end = self._line(i)
        if k not in self._first_text:
            found = _NOT_LINE_START.search(self.view, start, end)
            self._first_text[k] = found.start() if found else end
        return self._first_text[k]

    def last_text(self, i: int) -> int:
        """The offset after the last character of the line of ``i`` that is
        not a space (nor a carriage return)."""
        k, start, end = self._line(i)
        if k not in self._last_text:
            self._last_text[k] = start + len(self.view[start:end].rstrip(_SPACE + _NB + "\r"))
        return self._last_text[k]


@functools.lru_cache(maxsize=2)  # the view being checked; asked for every sign
def _view_lines(view: str) -> _ViewLines:
    return _ViewLines(view)


def _heading_ranges(post: Post) -> list[tuple[int, int]]:  # in document order
    ranges = []
    for tok in post.tokens:
        if tok.type == "heading_open" and tok.map:
            first = post.body_start_line - 1 + tok.map[0]
            last = post.body_start_line - 1 + tok.map[1]
            end = post.line_starts[last] if last < len(post.line_starts) else len(post.text)
            ranges.append((post.line_starts[first], end))
    return ranges


def _in_heading(ctx: PostContext, offset: int) -> bool:
    ranges = ctx.file_memo.get("heading-ranges", lambda: _heading_ranges(ctx.post))
    k = bisect.bisect_right(ranges, (offset, len(ctx.post.text) + 1)) - 1  # the last heading starting at or before
    return k >= 0 and ranges[k][0] <= offset < ranges[k][1]


def _fix(ctx: PostContext, edits: list[Edit], description: str, *, safe: bool = True) -> Fix:
    # a heading's anchor is derived from its text: changing it may break links
    safe = safe and not any(_in_heading(ctx, e.start) for e in edits)
    return Fix(tuple(edits), safe=safe, description=description)


def _at(ctx: PostContext, post: Post, message_id: str, start: int, end: int, fix: Fix | None, **params: object) -> Diagnostic:
    line, col = post.position(start)
    end_line, end_col = post.position(end)
    return ctx.at(message_id, line, col, end_line=end_line, end_column=end_col, fix=fix, **params)


def _at_line_start(view: str, i: int) -> bool:
    """Only spaces or markup between the start of the line and ``i``."""
    return i <= _view_lines(view).first_text(i)


def _at_line_end(view: str, i: int) -> bool:
    """Only spaces between ``i`` and the end of the line."""
    return _view_lines(view).last_text(i) <= i


def _space_run_start(view: str, i: int) -> int:
    """Start of the run of ordinary spaces ending at ``i``."""
    k = i
    while k > 0 and view[k - 1] in _SPACE:
        k -= 1
    return k


# -- PL601 ------------------------------------------------------------------------------
def _expected_before(ch: str, opts: TypographyOptions) -> str:
    return NNBSP if opts.nbsp == "narrow" and ch in ";!?" else NBSP


def _word_end(post: Post, view: str, j: int) -> bool:
    """Whether the character at ``j`` can end the word a sign follows."""
    ch = view[j]
    if ch == MASK:
        # the end of a link destination or of an HTML element is text's end;
        # code spans and Liquid are not
        return post.text[j] in ")>"
    return bool(_LETTER.match(ch)) or ch.isdigit() or ch in ")]»\"'’*_"


def _after_ok(view: str, i: int, ch: str) -> bool:
    k = i + 1
    while k < len(view) and view[k] in "*_":
        k += 1
    if k >= len(view):
        return True
    nxt = view[k]
    if nxt in " \t\r\n" + _NB:
        return True
    return ch in "!?" and nxt in "!?…».,)]\"'’"


@rule(
    "PL601",
    "french-punctuation-space",
    "A non-breaking space must precede : ; ! ? in French prose.",
    severity="warning",
    fixable=True,
    default_enabled=False,
    messages={
        "ordinary": "Use a non-breaking space ({expected}) before `{sign}`, not an ordinary space",
        "missing": "Put a non-breaking space ({expected}) before `{sign}`",
        "wrong-kind": "Use a narrow non-breaking space ({expected}) before `{sign}`",
    },
)
def french_punctuation_space(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """In French prose, a colon, semicolon, exclamation mark or question mark
    is preceded by a non-breaking space: an ordinary space there, or no
    space at all, is reported. With `nbsp = "narrow"` in `[typography]`,
    the space before `; ! ?` is a narrow one (U+202F, the Imprimerie
    nationale convention); before `:` either kind is accepted.

    Times (`10:30`), URLs, emoticons (`:)`), Liquid, code and a sign at the
    start of a line (kramdown definition lists) are left alone.

    ## Why it matters
    With an ordinary space the browser may put the `?` alone at the start of
    the next line; without a space the text does not follow French rules.

    ## Example
    ```markdown
    Pourquoi candidater ? Voici nos raisons: un an pour innover.
    ```

    ## Fix
    ```markdown
    Pourquoi candidater ? Voici nos raisons : un an pour innover.
    ```
    (with U+00A0 before `?` and `:`; `--fix` inserts it).
    """
    prepared = _prepare(post, ctx)
    if prepared is None:
        return
    view, opts = prepared
    for m in re.finditer(r"[:;!?]", view):
        i, ch = m.start(), m.group(0)
        if i == 0 or (ch in "!?" and view[i - 1] in "!?"):
            continue  # `?!`: the first sign of the run carries the space
        if view[i - 1] in ":;" or not _after_ok(view, i, ch) or _at_line_start(view, i):
            continue
        if _english_line(view, i):
            continue
        yield from _check_sign(post, ctx, view, i, ch, opts)


def _check_sign(post: Post, ctx: PostContext, view: str, i: int, ch: str,
                opts: TypographyOptions) -> Iterator[Diagnostic]:
    expected = _expected_before(ch, opts)
    shown = "U+202F" if expected == NNBSP else "U+00A0"
    before = view[i - 1]
    if before in _NB:
        if expected == NNBSP and before == NBSP:
            fix = _fix(ctx, [Edit(i - 1, i, NNBSP)], "use a narrow non-breaking space")
            yield _at(ctx, post, "wrong-kind", i - 1, i + 1, fix, sign=ch, expected=shown)
        return
    if before in _SPACE:
        k = _space_run_start(view, i)
        if k == 0 or view[k - 1] in "\n" + MASK and _at_line_start(view, k):
            return
        fix = _fix(ctx, [Edit(k, i, expected)], "use a non-breaking space")
        yield _at(ctx, post, "ordinary", k, i + 1, fix, sign=ch, expected=shown)
        return
    if ch in "!?" and view[i + 1 : i + 2] in ("*", "_"):
        return  # `**Think small!**`: an emphasised slogan, often quoted as written
    if _word_end(post, view, i - 1):
        fix = _fix(ctx, [Edit(i, i, expected)], "insert a non-breaking space")
        yield _at(ctx, post, "missing", i, i + 1, fix, sign=ch, expected=shown)


# -- PL602 ------------------------------------------------------------------------------
@rule(
    "PL602",
    "guillemet-space",
    "French quotation marks « » need a non-breaking space inside.",
    severity="warning",
    fixable=True,
    default_enabled=False,
    messages={
        "open-ordinary": "Use a non-breaking space after `«`, not an ordinary space",
        "open-missing": "Put a non-breaking space after `«`",
        "close-ordinary": "Use a non-breaking space before `»`, not an ordinary space",
        "close-missing": "Put a non-breaking space before `»`",
    },
)
def guillemet_space(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """An opening `«` is followed, and a closing `»` preceded, by a
    non-breaking space (U+00A0; U+202F is accepted too). An ordinary space
    there, or none, is reported. A `«` ending a line or a `»` starting one
    is left alone: the line break is the author's.

    ## Why it matters
    With an ordinary space, a guillemet can end up alone at the start or the
    end of a line.

    ## Example
    ```markdown
    Le programme « Entrepreneurs d'intérêt général» recrute.
    ```

    ## Fix
    ```markdown
    Le programme « Entrepreneurs d'intérêt général » recrute.
    ```
    (with U+00A0 inside the guillemets; `--fix` puts it there).
    """
    prepared = _prepare(post, ctx)
    if prepared is None:
        return
    view, _ = prepared
    for m in re.finditer("«", view):
        i = m.start()
        if i + 1 >= len(view) or view[i + 1] in _NB or _at_line_end(view, i + 1):
            continue
        if view[i + 1] in _SPACE:
            k = i + 1
            while k < len(view) and view[k] in _SPACE:
                k += 1
            fix = _fix(ctx, [Edit(i + 1, k, NBSP)], "use a non-breaking space")
            yield _at(ctx, post, "open-ordinary", i, k, fix)
        elif view[i + 1] != "»":
            fix = _fix(ctx, [Edit(i + 1, i + 1, NBSP)], "insert a non-breaking space")
            yield _at(ctx, post, "open-missing", i, i + 1, fix)
    for m in re.finditer("»", view):
        i = m.start()
        if i == 0 or view[i - 1] in _NB or view[i - 1] == "«" or _at_line_start(view, i):
            continue
        if view[i - 1] in _SPACE:
            k = _space_run_start(view, i)
            if _at_line_start(view, k):
                continue
            fix = _fix(ctx, [Edit(k, i, NBSP)], "use a non-breaking space")
            yield _at(ctx, post, "close-ordinary", k, i + 1, fix)
        else:
            fix = _fix(ctx, [Edit(i, i, NBSP)], "insert a non-breaking space")
            yield _at(ctx, post, "close-missing", i, i + 1, fix)


# -- PL603 ------------------------------------------------------------------------------
#: words that mark an English quotation, which keeps its own quotes.
_ENGLISH = frozenset(
    "the and of to is are was for with you your we our this that it in on at be by from what how why "
    "not do does don't can will".split()
)
_OPEN_BEFORE = " \t\n([*_" + _NB + MASK
_CLOSE_AFTER = " \t\r\n)]*_.,;:!?…" + _NB + MASK


def _quote_pairs(view: str) -> Iterator[tuple[int, int]]:
    """Pairs of straight double quotes on one line that clearly open and close."""
    start = 0
    for line in view.split("\n"):
        quotes = [start + m.start() for m in re.finditer('"', line)]
        start += len(line) + 1
        if not quotes or len(quotes) % 2:
            continue  # unbalanced on this line: pairing would be a guess
        pairs = list(zip(quotes[::2], quotes[1::2]))
        if all(_clean_pair(view, a, b) for a, b in pairs):
            yield from pairs


def _clean_pair(view: str, a: int, b: int) -> bool:
    inner = view[a + 1 : b]
    if not inner or inner[0] in " \t" + _NB or inner[-1] in " \t" + _NB or MASK in inner:
        return False
    before = view[a - 1] if a > 0 else "\n"
    after = view[b + 1] if b + 1 < len(view) else "\n"
    return before in _OPEN_BEFORE and after in _CLOSE_AFTER and bool(_LETTER.search(inner))


def _looks_english(inner: str) -> bool:
    words = re.findall(r"[A-Za-z']+", inner.lower())
    return any(w in _ENGLISH for w in words)


@rule(
    "PL603",
    "straight-quotes",
    "French prose quotes with « », not straight double quotes.",
    severity="warning",
    fixable=True,
    default_enabled=False,
    messages={"default": "Use French quotation marks « » instead of straight quotes around {quoted!r}"},
)
def straight_quotes(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """Straight double quotes (`"..."`) around French words, paired on one
    line, are replaced by French guillemets with non-breaking spaces inside.
    Quotes around an English phrase (it contains a common English word such
    as "the" or "and") are left alone, and so are unbalanced quotes, inch
    marks and quotes in code, attributes or Liquid.

    ## Why it matters
    French text uses « » for quotations; straight quotes look like code or
    like an English text.

    ## Example
    ```markdown
    Nous avons organisé un "bootcamp" de trois jours.
    ```

    ## Fix
    ```markdown
    Nous avons organisé un « bootcamp » de trois jours.
    ```
    """
    prepared = _prepare(post, ctx)
    if prepared is None:
        return
    view, _ = prepared
    for a, b in _quote_pairs(view):
        inner = view[a + 1 : b]
        if _looks_english(inner) or _english_line(view, a):
            continue
        fix = _fix(ctx, [Edit(a, a + 1, "«" + NBSP), Edit(b, b + 1, NBSP + "»")], "use « »")
        yield _at(ctx, post, "default", a, b + 1, fix, quoted=inner)


# -- PL604 ------------------------------------------------------------------------------
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])['’](?=[^\W\d_])")


@rule(
    "PL604",
    "apostrophe-style",
    "One apostrophe style throughout: typographic ’ or straight '.",
    severity="warning",
    fixable=True,
    default_enabled=False,
    messages={
        "typographic": "Use the typographic apostrophe ’ like the rest of the text",
        "straight": "Use the straight apostrophe ' like the rest of the text",
    },
)
def apostrophe_style(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """Apostrophes inside words (`l'équipe`, `aujourd’hui`) use one style.
    `apostrophe = "typographic"` in `[typography]` wants ’ everywhere,
    `"straight"` wants ' everywhere, and `"consistent"` (the default) wants
    the post's majority style (typographic on a tie), reporting the others.

    ## Why it matters
    Mixed apostrophes look careless, and search on the page misses words
    written with the other one.

    ## Example
    ```markdown
    L’équipe a rejoint l'administration.
    ```

    ## Fix
    ```markdown
    L’équipe a rejoint l’administration.
    ```
    """
    prepared = _prepare(post, ctx)
    if prepared is None:
        return
    view, opts = prepared
    found = list(_APOSTROPHE.finditer(view))
    wanted = opts.apostrophe
    if wanted == "consistent":
        straight = sum(1 for m in found if m.group(0) == "'")
        wanted = "straight" if straight > len(found) - straight else "typographic"
    good = "’" if wanted == "typographic" else "'"
    quoted = _single_quoted(post) if good == "'" else ([], [])
    for m in found:
        if m.group(0) == good:
            continue
        i = m.start()
        fix = _fix(ctx, [Edit(i, i + 1, _yaml_safe(post, i, good, quoted))], "use one apostrophe style")
        yield _at(ctx, post, wanted, i, i + 1, fix)


def _single_quoted(post: Post) -> tuple[list[int], list[int]]:
    """The front-matter values written in single quotes: their starts in
    order, and the furthest end among the values starting up to each."""
    spans = sorted((v.start, v.end) for v in (s.value for s in post.spans.values())
                   if post.text[v.start : v.start + 1] == "'")
    furthest, ends = 0, []
    for _, end in spans:
        furthest = max(furthest, end)
        ends.append(furthest)
    return [start for start, _ in spans], ends


def _yaml_safe(post: Post, offset: int, replacement: str, quoted: tuple[list[int], list[int]]) -> str:
    """A straight apostrophe inside a single-quoted YAML scalar is doubled."""
    if replacement != "'" or offset >= post.body_offset:
        return replacement
    starts, ends = quoted
    k = bisect.bisect_right(starts, offset) - 1
    return "''" if k >= 0 and offset < ends[k] else replacement


# -- PL605 ------------------------------------------------------------------------------
@rule(
    "PL605",
    "ellipsis",
    "Three dots are one ellipsis character; `etc.` takes no ellipsis.",
    severity="warning",
    fixable=True,
    default_enabled=False,
    messages={
        "dots": "Use the ellipsis character … instead of three dots",
        "etc": "Write `etc.`: it never takes an ellipsis",
    },
)
def ellipsis(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """Three dots in prose (`...`) become the ellipsis character `…`, and
    `etc...` (or `etc…`) becomes `etc.`: "et cetera" already says the list
    goes on. Dots in code, URLs or Liquid are left alone, and so are runs of
    four dots or more.

    ## Why it matters
    The ellipsis is one character with the right spacing, and a line never
    breaks inside it.

    ## Example
    ```markdown
    Des outils, des méthodes, etc... Et ensuite...
    ```

    ## Fix
    ```markdown
    Des outils, des méthodes, etc. Et ensuite…
    ```
    """
    prepared = _prepare(post, ctx)
    if prepared is None:
        return
    view, _ = prepared
    for m in re.finditer(r"(?<![\w.])(etc)(\.{2,3}(?!\.)|…)|(?<![.…])\.{3}(?![.…])", view, re.IGNORECASE):
        if m.group(1):
            s, e = m.end(1), m.end()
            fix = _fix(ctx, [Edit(s, e, ".")], "write etc.")
            yield _at(ctx, post, "etc", m.start(), e, fix)
        else:
            fix = _fix(ctx, [Edit(m.start(), m.end(), "…")], "use …")
            yield _at(ctx, post, "dots", m.start(), m.end(), fix)


# -- PL606 ------------------------------------------------------------------------------
@rule(
    "PL606",
    "spaced-hyphen-dash",
    "A hyphen between spaces used as a dash is an en dash.",
    severity="warning",
    fixable=True,
    default_enabled=False,
    messages={"default": "Use an en dash – instead of a hyphen between spaces"},
)
def spaced_hyphen_dash(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A hyphen (or two) with a space on each side, in the middle of a line
    of prose, is a dash: it becomes an en dash `–`. List markers at the
    start of a line, table cells and code are not dashes. `dash = "off"` in
    `[typography]` turns the rule off.

    ## Why it matters
    The hyphen joins words (`peut-être`); a dash separates parts of a
    sentence, and French typography uses the en dash for it.

    ## Example
    ```markdown
    Le bootcamp - trois jours intenses - a lancé la promotion.
    ```

    ## Fix
    ```markdown
    Le bootcamp – trois jours intenses – a lancé la promotion.
    ```
    """
    prepared = _prepare(post, ctx)
    if prepared is None:
        return
    view, opts = prepared
    if opts.dash == "off":
        return
    # the spaces after the hyphen stay outside the match: in `a - - b` both
    # hyphens are found at once, so that a second --fix has nothing left
    for m in re.finditer(r"(?<=[^\s\0]) +(-{1,2})(?= +[^\s\0])", view):
        s, e = m.start(1), m.end(1)
        if _at_line_start(view, s):
            continue
        fix = _fix(ctx, [Edit(s, e, "–")], "use an en dash")
        yield _at(ctx, post, "default", s, e, fix)


# -- PL607 ------------------------------------------------------------------------------
_ORDINAL = re.compile(
    r"(?<![\w\0])(?P<num>\d+|[IVX]+)"
    r"(?P<suffix>ièmes?|iemes?|èmes?|emes?|émes?|è|ères?|eres?|iers?|ières?|ndes?|nds?)(?![\w\0])"
)


def _ordinal_replacement(num: str, suffix: str) -> str | None:
    plural = "s" if suffix.endswith("s") and suffix not in ("è",) else ""
    first = num in ("1", "I")
    if suffix.startswith(("ère", "ere", "ière")):
        return f"{num}re{plural}" if first else None
    if suffix.startswith("ier"):
        return f"{num}er{plural}" if first else None
    if suffix.startswith("nd"):
        return None if not num.isdigit() or first or not num.endswith("2") else f"{num}d{'e' if 'de' in suffix else ''}{plural}"
    return None if first else f"{num}e{plural}"


@rule(
    "PL607",
    "ordinal-abbreviation",
    "French ordinals are abbreviated 1er, 1re, 2e, XIXe.",
    severity="warning",
    fixable=True,
    default_enabled=False,
    messages={
        "default": "Write `{suggestion}` rather than `{written}`",
        "no-suggestion": "`{written}` is not a French ordinal abbreviation (1er, 1re, 2e...)",
    },
)
def ordinal_abbreviation(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """Ordinal numbers abbreviated with `ème`, `è`, `ière` or the English
    `nd` (`2ème`, `3è`, `1ère`, `2nd`, `XIXème`) are reported with the
    French abbreviation: `2e`, `3e`, `1re`, `2d`, `XIXe` (plural `2es`).
    Other numbers followed by letters (`3D`, `4G`) are not ordinals. The fix
    is unsafe: an English phrase quoted in the post could be changed.

    ## Why it matters
    The Imprimerie nationale and the Académie française abbreviate ordinals
    with the last letter(s) only; `2ème` looks unprofessional.

    ## Example
    ```markdown
    La 2ème promotion et le XIXème siècle.
    ```

    ## Fix
    ```markdown
    La 2e promotion et le XIXe siècle.
    ```
    """
    prepared = _prepare(post, ctx)
    if prepared is None:
        return
    view, _ = prepared
    for m in _ORDINAL.finditer(view):
        written = m.group(0)
        if _english_line(view, m.start()):
            continue
        suggestion = _ordinal_replacement(m.group("num"), m.group("suffix"))
        if suggestion is None:
            if m.group("suffix").startswith("nd"):
                continue  # `1nd`, `3nd`: not an ordinal at all
            yield _at(ctx, post, "no-suggestion", m.start(), m.end(), None, written=written)
            continue
        fix = _fix(ctx, [Edit(m.start(), m.end(), suggestion)], "abbreviate the ordinal", safe=False)
        yield _at(ctx, post, "default", m.start(), m.end(), fix, written=written, suggestion=suggestion)


# -- PL608 ------------------------------------------------------------------------------
@rule(
    "PL608",
    "space-before-comma",
    "No space before a comma or a period.",
    severity="warning",
    fixable=True,
    default_enabled=False,
    messages={"default": "Remove the space before `{sign}`"},
)
def space_before_comma(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A space before a comma or a final period is removed. `.NET`, `.md`,
    an ellipsis and numbers (` ,5`) are not sentence punctuation and are
    left alone.

    ## Why it matters
    French puts no space before a comma or a period; the browser may even
    move the comma to the next line.

    ## Example
    ```markdown
    Les mentors , les EIG et les équipes .
    ```

    ## Fix
    ```markdown
    Les mentors, les EIG et les équipes.
    ```
    """
    prepared = _prepare(post, ctx)
    if prepared is None:
        return
    view, _ = prepared
    pattern = r"(?<=[^\s])[ \t\u00a0\u202f]+(?P<sign>[,.])(?=[\s*_)»\"\0]|$)"
    for m in re.finditer(pattern, view):
        s, e = m.start(), m.start("sign")
        if view[s - 1] == MASK and not _word_end(post, view, s - 1):
            continue
        if view[s - 1] == "«" or (m.group("sign") == "." and view[e + 1 : e + 2] == "."):
            continue
        fix = _fix(ctx, [Edit(s, e, "")], "remove the space")
        yield _at(ctx, post, "default", s, e + 1, fix, sign=m.group("sign"))


# -- PL609 ------------------------------------------------------------------------------
@rule(
    "PL609",
    "double-space",
    "Doubled spaces inside a sentence.",
    severity="warning",
    fixable=True,
    default_enabled=False,
    messages={"default": "{count} spaces in a row: one is enough"},
)
def double_space(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """Two or more spaces in a row between two words of a sentence become
    one. Spaces after the end of a sentence, at the start or end of a line
    (a Markdown line break), around markup and in table alignment are left
    alone.

    ## Why it matters
    Doubled spaces come from copy-pasting and show as uneven gaps in titles
    and descriptions.

    ## Example
    ```markdown
    Le programme  accueille sa promotion.
    ```

    ## Fix
    ```markdown
    Le programme accueille sa promotion.
    ```
    """
    prepared = _prepare(post, ctx)
    if prepared is None:
        return
    view, _ = prepared
    for m in re.finditer(r"(?<=[^\s\0«]) {2,}(?=[^\s\0,.;:!?»])", view):
        if view[max(0, m.start() - 20) : m.start()].rstrip("*_)]»\"'’").endswith((".", "!", "?", ":", ";", "…")):
            continue  # between sentences
        fix = _fix(ctx, [Edit(m.start(), m.end(), " ")], "use one space")
        yield _at(ctx, post, "default", m.start(), m.end(), fix, count=m.end() - m.start())
