"""PL4xx: job offers published as posts.

An offer is *detected* first (an explicit signal: a collection or a
front-matter ``type``; else phrases in the title or the first heading),
then checked: required sections, how to apply, whether its "filled" status
is stated consistently, and whether it went stale. The fixes here add the
missing "filled" signals exactly as an editor would type them; the same
builders back ``postlint mark-filled``.

All text comparisons go through :func:`fold` (case, accents, typographic
apostrophes, spaces), so « Offre d’emploi » and "OFFRE D'EMPLOI" agree.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Iterator, Literal, Optional
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, field_validator

from postlint.diagnostics import Diagnostic, Edit, Fix
from postlint.config import StrictModel
from postlint.document import Post
from postlint.rules.base import PostContext, rule
from postlint.schemas.job import OFFER_KEYS, JobOffer

if TYPE_CHECKING:  # pragma: no cover
    from markdown_it.token import Token

__all__ = [
    "JobsOptions",
    "SectionSpec",
    "clock",
    "detect",
    "fold",
    "mark_filled_fixes",
    "filled_signals",
    "offer_deadline",
]


def clock() -> dt.date:
    """Today's date; tests replace it (or set ``[jobs] today``)."""
    return dt.date.today()


# --------------------------------------------------------------------------
# Options


class DetectOptions(StrictModel):
    """``[jobs.detect]``: what makes a post a job offer."""

    #: globs of files that are offers whatever they say (a jobs collection).
    collections: list[str] = Field(default_factory=list)
    #: a front-matter key naming the kind of post; when present it decides
    #: alone (``type: article`` is not an offer even if its title says so).
    type_key: Optional[str] = "type"
    type_values: list[str] = Field(default_factory=lambda: ["job", "job-offer", "offre", "offre-emploi", "stage"])
    #: phrases looked for in the title and the first heading (whole words,
    #: case, accents and apostrophe style ignored).
    patterns: list[str] = Field(
        default_factory=lambda: [
            "offre d'emploi", "offre de stage", "offre d'alternance", "poste à pourvoir",
            "recrute", "recrutons", "job offer", "internship offer", "we are hiring", "we're hiring",
        ]
    )
    #: where title and heading phrases are looked for (globs); the explicit
    #: signals above apply everywhere.
    pattern_paths: list[str] = Field(default_factory=lambda: ["_posts/**", "**/_posts/**"])
    #: files never treated as offers (globs).
    exclude: list[str] = Field(default_factory=list)
    #: drafts (``_*.md``) are not published; they are not checked as offers.
    include_drafts: bool = False


class SectionSpec(StrictModel):
    """A section an offer must have, and the headings that provide it."""

    id: str = Field(min_length=1)
    label: str = Field(min_length=1)
    headings: list[str] = Field(min_length=1)
    #: a paragraph opening with bold text (``**Rejoignez-nous** ...``) counts.
    bold_lead_in: bool = False


class ApplyOptions(StrictModel):
    """``[jobs.apply]``: how readers apply."""

    required: bool = True
    #: links to these hosts (and their subdomains) count as a way to apply.
    allowed_domains: list[str] = Field(default_factory=list)


class FilledOptions(StrictModel):
    """``[jobs.filled]``: the three ways a site says an offer is filled.

    An empty string switches a signal off.
    """

    title_marker: str = "[OFFRE POURVUE]"
    body_notice: str = "Cette offre a été pourvue"
    #: the line added under the first heading; default ``_<notice>._``.
    body_notice_markdown: Optional[str] = None
    flag_key: str = "filled"
    #: the flag's value when filled (``open = false`` style sites: false).
    flag_value: bool = True

    @property
    def notice_line(self) -> str:
        return self.body_notice_markdown or f"_{self.body_notice.rstrip('.')}._"


_DEFAULT_SECTIONS = [
    SectionSpec(
        id="missions",
        label="Missions",
        headings=["Vos missions", "Tes missions", "Tes missions potentielles", "Missions", "Le poste",
                  "Your role", "Responsibilities", "What you will do"],
    ),
    SectionSpec(
        id="apply",
        label="Candidater",
        headings=["Rejoignez-nous", "Rejoins-nous", "Pour candidater", "Candidater", "Comment candidater",
                  "Postuler", "Comment postuler", "How to apply", "Join us", "Apply"],
    ),
]

_DURATION_RE = re.compile(
    r"^\s*(\d+)\s*(days?|jours?|weeks?|semaines?|months?|mois|years?|ans?|années?)\s*$", re.IGNORECASE
)


class JobsOptions(StrictModel):
    """``[jobs]``: job offers."""

    SECTION: ClassVar[str] = "jobs"

    detect: DetectOptions = Field(default_factory=DetectOptions)
    sections: list[SectionSpec] = Field(default_factory=lambda: list(_DEFAULT_SECTIONS))
    #: the sections must appear in the order listed.
    order: bool = False
    apply: ApplyOptions = Field(default_factory=ApplyOptions)
    filled: FilledOptions = Field(default_factory=FilledOptions)
    #: an offer without a deadline is stale past this age ("6 months", "90 days").
    stale_after: str = "6 months"
    #: pins "today" (tests, reproducible CI runs); default: the real date.
    today: Optional[dt.date] = None

    @field_validator("stale_after")
    @classmethod
    def _duration(cls, value: str) -> str:
        if not _DURATION_RE.match(value):
            raise ValueError("expected a number and a unit, such as '6 months' or '90 days'")
        return value

    @field_validator("sections")
    @classmethod
    def _unique_ids(cls, value: list[SectionSpec]) -> list[SectionSpec]:
        ids = [s.id for s in value]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"section ids must be unique: {', '.join(dupes)}")
        return value

    def reference_date(self) -> dt.date:
        return self.today or clock()

    def stale_since(self, published: dt.date) -> dt.date:
        """The day an offer published on ``published`` goes stale."""
        m = _DURATION_RE.match(self.stale_after)
        assert m is not None  # validated
        n, unit = int(m.group(1)), _fold(m.group(2))
        try:
            if unit.startswith(("day", "jour")):
                return published + dt.timedelta(days=n)
            if unit.startswith(("week", "semaine")):
                return published + dt.timedelta(weeks=n)
            months = n * 12 if unit.startswith(("year", "an")) else n
            return _add_months(published, months)
        except (OverflowError, ValueError):  # published on 9999-12-31: never stale
            return dt.date.max


OPTIONS = JobsOptions


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # after year 9999


# --------------------------------------------------------------------------
# Text normal forms


_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "\u00a0": " ", "\u202f": " ", "\t": " "})


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold().translate(_APOSTROPHES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Case, accents, apostrophe style and runs of spaces ignored."""
    return " ".join(_fold(text).split())


_ATTR_OPEN = re.compile(r"\{[:#.]")


def _without_attribute_list(text: str) -> str:
    r"""``re.sub(r"\s*\{[:#.][^}]*\}\s*$", "", text)``: a kramdown ``{#id}``
    or ``{: .class}`` ending the heading removed, with the spaces before it.

    Found from the end: the last ``}``, then the first ``{:``, ``{#`` or
    ``{.`` after the ``}`` before it (searching from every space, the
    regular expression was quadratic in a run of spaces)."""
    body = text.rstrip()
    if not body.endswith("}"):
        return text
    last = len(body) - 1
    opening = _ATTR_OPEN.search(body, body.rfind("}", 0, last) + 1, last)
    if opening is None:
        return text
    start = opening.start()
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return text[:start]


def heading_key(text: str) -> str:
    """A heading as compared with section synonyms: :func:`fold`, then
    punctuation and Markdown emphasis dropped ("Rejoins-nous !" -> "rejoins nous")."""
    text = _without_attribute_list(text)
    return " ".join(re.sub(r"[^\w]+|_", " ", _fold(text)).split())


# --------------------------------------------------------------------------
# Detection


def _title(post: Post) -> str:
    value = (post.front_matter or {}).get("title")
    return value if isinstance(value, str) else ""


def first_heading(post: Post) -> tuple[Token, str] | None:
    return next(iter(post.headings()), None)


def _phrase_in(phrase: str, text: str) -> bool:
    pattern = _phrase_pattern(phrase)
    return pattern is not None and pattern.search(text) is not None


@functools.lru_cache(maxsize=1024)
def _phrase_pattern(phrase: str) -> re.Pattern[str] | None:
    # folded and compiled once per phrase, not once per post and text
    wanted = fold(phrase)
    return re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)") if wanted else None


def detect(post: Post, options: JobsOptions) -> str | None:
    """Why ``post`` is a job offer ("collection", "type", "pattern"), or None."""
    from postlint.config import glob_match

    d = options.detect
    if not post.front_matter and not post.body.strip():
        return None
    if any(glob_match(post.relpath, g) for g in d.exclude):
        return None
    if post.is_draft and not d.include_drafts:
        return None
    if (post.front_matter or {}).get("published") is False:
        return None
    if any(glob_match(post.relpath, g) for g in d.collections):
        return "collection"
    if d.type_key and d.type_key in (post.front_matter or {}):
        kind = post.front_matter[d.type_key]  # type: ignore[index]
        wanted = {fold(v) for v in d.type_values}
        return "type" if isinstance(kind, str) and fold(kind) in wanted else None
    if not any(glob_match(post.relpath, g) for g in d.pattern_paths):
        return None
    heading = first_heading(post)
    texts = [fold(_title(post)), fold(heading[1]) if heading else ""]
    if any(_phrase_in(p, t) for p in d.patterns for t in texts if t):
        return "pattern"
    return None


def _offer(post: Post, ctx: PostContext) -> JobsOptions | None:
    """The options when ``post`` is an offer (detected once per post and config)."""
    # Validated once per config (each rule gets its own context), like schemas.
    options: JobsOptions | None = ctx.config.__dict__.get("_jobs_options")
    if options is None:
        options = ctx.config.__dict__["_jobs_options"] = ctx.options(JobsOptions)
    cache: dict[int, tuple[JobsOptions, str | None]] = post.__dict__.setdefault("_job_offer", {})
    if id(options) not in cache:
        cache[id(options)] = (options, detect(post, options))  # holding options keeps its id unique
    return options if cache[id(options)][1] else None


# --------------------------------------------------------------------------
# Sections


@dataclass(frozen=True)
class Found:
    """Where a section is provided: a heading (with its level) or a bold lead-in."""

    spec: SectionSpec
    line: int
    column: int
    text: str
    token_index: int
    level: int  # 0 for a bold lead-in


def _heading_level(token: Token) -> int:
    return int(token.tag[1:]) if token.tag[1:].isdigit() else 6


def _bold_lead_in(tokens: list[Token], i: int) -> str | None:
    if tokens[i].type != "paragraph_open" or i + 1 >= len(tokens):
        return None
    # markdown-it may open the inline with an empty text token
    children = [c for c in tokens[i + 1].children or [] if not (c.type == "text" and not c.content)]
    if not children or children[0].type != "strong_open":
        return None
    parts: list[str] = []
    for child in children[1:]:
        if child.type == "strong_close":
            return "".join(parts)
        parts.append(child.content)
    return None


def find_sections(post: Post, specs: list[SectionSpec]) -> dict[str, Found]:
    """The first place each section is provided; headings win over lead-ins."""
    tokens = post.tokens
    keys = {s.id: {heading_key(h) for h in s.headings} for s in specs}
    found: dict[str, Found] = {}
    for i, tok in enumerate(tokens):
        if tok.type != "heading_open" or i + 1 >= len(tokens):
            continue
        key = heading_key(tokens[i + 1].content)
        for spec in specs:
            if spec.id not in found and key in keys[spec.id]:
                found[spec.id] = Found(spec, post.token_line(tok), 1, tokens[i + 1].content.strip(), i,
                                       _heading_level(tok))
    for spec in specs:
        if spec.id in found or not spec.bold_lead_in:
            continue
        for i in range(len(tokens)):
            bold = _bold_lead_in(tokens, i)
            if bold is None:
                continue
            key = heading_key(bold)
            if any(key == k or key.startswith(k + " ") for k in keys[spec.id]):
                found[spec.id] = Found(spec, post.token_line(tokens[i]), 1, bold.strip(), i, 0)
                break
    return found


def _is_empty(tokens: list[Token], found: Found) -> bool:
    """A heading with no content before the next heading of its level or above."""
    i = found.token_index + 3  # heading_open, inline, heading_close
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            if _heading_level(tok) <= found.level:
                return True
            i += 3
            continue
        return False
    return True


def _anchor(post: Post) -> tuple[int, int]:
    """Where offer-wide findings go: the first heading, else the body start."""
    heading = first_heading(post)
    if heading is not None:
        return post.token_line(heading[0]), 1
    return post.body_start_line, 1


@rule(
    "PL401",
    "job-offer-missing-section",
    "A job offer lacks a section the site requires.",
    messages={"default": "This job offer has no « {label} » section (a heading such as {examples})"},
)
def missing_section(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A post detected as a job offer has no heading (of any level) that
    provides one of the sections listed in `[jobs] sections`. Each section
    lists its accepted headings; they are compared ignoring case, accents,
    punctuation and trailing spaces, so `### Rejoins-nous !` satisfies
    `Rejoins-nous`. With `bold-lead-in = true`, a paragraph opening with
    that text in bold also counts. Reported at the offer's first heading.

    All job-offer rules (PL4xx) apply to detected offers only. A post is
    an offer when it is in a `[jobs.detect] collections` glob, or when its
    `type` key (`type-key`) is one of `type-values`; when that key is
    present it decides alone. Otherwise, in posts (`pattern-paths`), the
    title or the first heading must contain one of `patterns` (« offre
    d'emploi », « offre de stage », « recrute », "job offer"...), as whole
    words, ignoring case and accents. Tags are not a signal: `recrutement`
    also tags stories about recruiting. Drafts and `published: false`
    posts are skipped.

    ## Why it matters
    Candidates look for the same things in every offer: what the job is
    and how to apply. An offer without them gets fewer, or wrong,
    applications.

    ## Example
    ```markdown
    ### Offre d'emploi « Chargé·e de mission »
    Nous recherchons quelqu'un pour…
    ```

    ## Fix
    ```markdown
    ### Offre d'emploi « Chargé·e de mission »
    ### Vos missions
    - …
    ### Rejoignez-nous
    Envoyez CV et lettre à …
    ```
    """
    options = _offer(post, ctx)
    if options is None:
        return
    found = find_sections(post, options.sections)
    line, column = _anchor(post)
    for spec in options.sections:
        if spec.id not in found:
            examples = " or ".join(f"« {h} »" for h in spec.headings[:2])
            yield ctx.at("default", line, column, label=spec.label, examples=examples, section=spec.id)


@rule(
    "PL402",
    "job-offer-empty-section",
    "A required section of a job offer has a heading but no content.",
    messages={"default": "The « {heading} » section is empty: its heading is followed by nothing"},
)
def empty_section(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A heading that provides a required section (see
    `job-offer-missing-section`) is followed directly by another heading of
    the same or a higher level, or by the end of the post.

    ## Why it matters
    An empty section is usually a template left half-filled: the offer
    promises missions or a way to apply and shows nothing.

    ## Example
    ```markdown
    ## Vos missions
    ## Votre profil
    ```

    ## Fix
    ```markdown
    ## Vos missions
    - suivre les équipes au quotidien
    ## Votre profil
    ```
    """
    options = _offer(post, ctx)
    if options is None:
        return
    for found in find_sections(post, options.sections).values():
        if found.level and _is_empty(post.tokens, found):
            yield ctx.at("default", found.line, found.column, heading=found.text, section=found.spec.id)


@rule(
    "PL403",
    "job-offer-section-order",
    "The sections of a job offer are not in the configured order.",
    severity="warning",
    messages={"default": "« {label} » comes before « {previous} »; expected order: {order}"},
)
def section_order(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """With `[jobs] order = true`, the required sections must appear in
    the order of `[jobs] sections`. Reported at each section that comes
    too early.

    ## Why it matters
    Readers skim offers; the same order on every offer lets them find the
    missions and the way to apply where they expect them.

    ## Example
    ```markdown
    ## Rejoignez-nous
    ## Vos missions
    ```

    ## Fix
    ```markdown
    ## Vos missions
    ## Rejoignez-nous
    ```
    """
    options = _offer(post, ctx)
    if options is None or not options.order:
        return
    found = find_sections(post, options.sections)
    order = " → ".join(s.label for s in options.sections)
    latest: Found | None = None
    for spec in options.sections:
        here = found.get(spec.id)
        if here is None:
            continue
        if latest is not None and here.line < latest.line:
            yield ctx.at("default", here.line, here.column, label=spec.label, previous=latest.spec.label,
                         order=order)
        elif latest is None or here.line > latest.line:
            latest = here


# --------------------------------------------------------------------------
# How to apply

_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}(?![\w-])")
_URL_RE = re.compile(r"https?://[^\s<>()\[\]\"']+", re.IGNORECASE)


def _links(post: Post) -> Iterator[str]:
    for tok in post.tokens:
        for child in tok.children or []:
            href = child.attrs.get("href") if child.type == "link_open" else None
            if isinstance(href, str):
                yield href
    yield from _URL_RE.findall(post.body)


def _host_allowed(url: str, domains: list[str]) -> bool:
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return False
    return any(host == d.lower().strip(".") or host.endswith("." + d.lower().strip(".")) for d in domains)


def how_to_apply(post: Post, options: JobsOptions) -> str | None:
    """"email" or "link" when the offer says how to apply, else None."""
    if _EMAIL_RE.search(post.body):
        return "email"
    domains = options.apply.allowed_domains
    if domains and any(_host_allowed(u, domains) for u in _links(post)):
        return "link"
    return None


@rule(
    "PL404",
    "job-offer-no-contact",
    "A job offer gives no e-mail address nor application link.",
    messages={
        "default": "This job offer does not say how to apply: add an e-mail address or a link to {domains}",
        "email-only": "This job offer does not say how to apply: add an e-mail address to write to",
    },
)
def no_contact(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A job offer whose body contains no e-mail address (plain or as a
    `mailto:` link) and no link to one of the application sites listed in
    `[jobs.apply] allowed-domains` (subdomains included).

    ## Why it matters
    The reader is convinced and has nowhere to send the application.

    ## Example
    ```markdown
    ### Rejoignez-nous
    Envoyez-nous votre candidature !
    ```

    ## Fix
    ```markdown
    ### Rejoignez-nous
    Envoyez CV et lettre à [recrutement@exemple.fr](mailto:recrutement@exemple.fr),
    ou postulez sur [la place de l'emploi public](https://place-emploi-public.gouv.fr/offre/123).
    ```
    """
    options = _offer(post, ctx)
    if options is None or not options.apply.required or how_to_apply(post, options):
        return
    line, column = _anchor(post)
    domains = options.apply.allowed_domains
    if domains:
        yield ctx.at("default", line, column, domains=" or ".join(domains))
    else:
        yield ctx.at("email-only", line, column)


# --------------------------------------------------------------------------
# Filled status

Signal = Literal["marker", "notice", "flag"]


@dataclass(frozen=True)
class Signals:
    """What each enabled signal says: True (filled), False (explicitly
    open: only the flag can say so), None (silent)."""

    marker: bool | None
    notice: bool | None
    flag: bool | None
    enabled: tuple[Signal, ...]

    def says_filled(self) -> list[Signal]:
        return [s for s in self.enabled if getattr(self, s) is True]

    def silent_or_open(self) -> list[Signal]:
        return [s for s in self.enabled if getattr(self, s) is not True]

    @property
    def any_filled(self) -> bool:
        return bool(self.says_filled())


def _notice_present(post: Post, notice: str) -> bool:
    wanted = fold(notice).rstrip(".")
    return bool(wanted) and wanted in fold(re.sub(r"[*_]", "", post.body))


def filled_signals(post: Post, options: FilledOptions) -> Signals:
    fm = post.front_matter or {}
    enabled: list[Signal] = []
    marker = notice = flag = None
    if options.title_marker:
        enabled.append("marker")
        marker = fold(options.title_marker) in fold(_title(post)) or None
    if options.body_notice:
        enabled.append("notice")
        notice = _notice_present(post, options.body_notice) or None
    if options.flag_key:
        enabled.append("flag")
        value = fm.get(options.flag_key)
        flag = (value == options.flag_value) if isinstance(value, bool) else None
    return Signals(marker, notice, flag, tuple(enabled))


def _yaml_bool(value: bool) -> str:
    return "true" if value else "false"


def _marker_fix(post: Post, marker: str) -> Edit | None:
    """The title with the marker in front, written in the title's own quoting."""
    span = post.span_of("title", value=True)
    title = _title(post)
    if span is None or not title:
        return None
    raw = post.text[span.start : span.end]
    if raw.startswith("'"):
        return Edit(span.start + 1, span.start + 1, marker.replace("'", "''") + " ")
    if raw.startswith('"'):
        return Edit(span.start + 1, span.start + 1, _dq_escape(marker) + " ")
    if raw[:1] in ("|", ">", "&", "!", "*"):
        return None  # block scalars, anchors, tags: too clever to edit blindly
    # A plain scalar cannot start with "[": quote the whole title.
    return Edit(span.start, span.end, '"' + _dq_escape(f"{marker} {title}") + '"')


def _dq_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _line_start(post: Post, line: int) -> int:
    """Offset of a 1-based line; the end of the text past the last line."""
    return post.offset(line, 1) if line <= len(post.line_starts) else len(post.text)


def _notice_fix(post: Post, line_text: str) -> Edit | None:
    """The notice as its own paragraph right under the first heading."""
    if any(issue.kind == "unclosed-front-matter" for issue in post.issues):
        return None  # where the body starts is unknown (its "headings" may be front-matter lines)
    heading = first_heading(post)
    if heading is None:
        if post.front_matter is None and post.has_front_matter:
            return None
        return Edit(post.body_offset, post.body_offset, f"{line_text}\n\n")
    token = heading[0]
    after = (token.map[1] if token.map else 1) + post.body_start_line  # 1-based line after the heading
    at = _line_start(post, after)
    if at >= len(post.text):
        prefix = "\n" if post.text.endswith("\n") else "\n\n"
        return Edit(len(post.text), len(post.text), f"{prefix}{line_text}\n")
    next_blank = after > len(post.lines) or not post.lines[after - 1].strip()
    return Edit(at, at, f"\n{line_text}\n" + ("" if next_blank else "\n"))


def _closing_delimiter(post: Post) -> int | None:
    """Offset of the line that closes the front matter."""
    if not post.has_front_matter or post.body_offset == 0:
        return None
    end = post.body_offset
    if post.text.endswith("\n", 0, end):
        end -= 1
        if post.text.endswith("\r", 0, end):
            end -= 1
    return post.text.rfind("\n", 0, end) + 1


def _flag_fix(post: Post, key: str, value: bool) -> Edit | None:
    """``key: value`` at the end of the front matter, or the value replaced."""
    if post.front_matter is None and post.has_front_matter and post.issues:
        return None  # unusable YAML: we cannot know where a key would go
    span = post.span_of(key, value=True)
    if span is not None:
        return Edit(span.start, span.end, _yaml_bool(value))
    at = _closing_delimiter(post)
    if at is None:
        return None
    return Edit(at, at, f"{key}: {_yaml_bool(value)}\n")


def signal_edit(post: Post, options: FilledOptions, signal: Signal) -> Edit | None:
    if signal == "marker":
        return _marker_fix(post, options.title_marker)
    if signal == "notice":
        return _notice_fix(post, options.notice_line)
    return _flag_fix(post, options.flag_key, options.flag_value)


def mark_filled_fixes(post: Post, options: FilledOptions) -> tuple[list[Fix], list[Signal]]:
    """The edits that put every missing filled signal in place, one Fix per
    signal (all safe: the editor asked for it), and the signals that could
    not be added automatically."""
    signals = filled_signals(post, options)
    fixes: list[Fix] = []
    impossible: list[Signal] = []
    for signal in signals.silent_or_open():
        edit = signal_edit(post, options, signal)
        if edit is None:
            impossible.append(signal)
        else:
            fixes.append(Fix((edit,), safe=True, description=f"add the {signal} saying the offer is filled"))
    return fixes, impossible


def _signal_position(post: Post, options: FilledOptions, signal: Signal) -> tuple[int, int]:
    if signal == "marker":
        span = post.span_of("title", value=True)
        return (span.line, span.column) if span else (post.front_matter_line, 1)
    if signal == "flag":
        span = post.span_of(options.flag_key, value=True)
        return (span.line, span.column) if span else (post.front_matter_line, 1)
    if signal == "notice":
        folded = fold(options.body_notice).rstrip(".")
        for number, line in enumerate(post.lines, 1):
            if number >= post.body_start_line and folded and folded in fold(re.sub(r"[*_]", "", line)):
                return number, 1
    return _anchor(post)


@rule(
    "PL405",
    "job-offer-filled-mismatch",
    "The signals saying a job offer is filled disagree.",
    fixable=True,
    messages={
        "add-marker": "The body notice and `{key}: {value}` say this offer is filled, but the title does not carry {marker}: add it",
        "add-notice": "The title marker and `{key}: {value}` say this offer is filled, but the body has no « {notice} » notice: add it under the first heading",
        "add-flag": "The title marker and the body notice say this offer is filled, but the front matter lacks `{key}: {value}`: add it",
        "flag-open": "`{key}: {actual}` says this offer is open, but the title marker and the body notice say it is filled: set `{key}: {value}`, or remove them if it is open",
        "only-marker": "Only the title marker {marker} says this offer is filled: add the other signals (`postlint mark-filled`), or remove the marker if the offer is open",
        "only-notice": "Only the body notice « {notice} » says this offer is filled: add the other signals (`postlint mark-filled`), or remove the notice if the offer is open",
        "only-flag": "Only `{key}: {value}` says this offer is filled: add the other signals (`postlint mark-filled`), or remove it if the offer is open",
    },
)
def filled_mismatch(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A job offer can be marked filled in three ways, each configurable in
    `[jobs.filled]`: a marker in the title (`[OFFRE POURVUE]`), a notice in
    the body (« Cette offre a été pourvue. »), and a front-matter flag
    (`filled: true`, or `open: false` on sites using an `open` key). The
    site's templates and readers rely on different ones, so they must
    agree: all present or all absent.

    When two signals say "filled" and the third is missing, the third is
    added by `--fix` (safe): the marker in front of the title (keeping its
    quotes), the notice as a paragraph under the first heading, the flag as
    the last front-matter key. When the flag contradicts the other two
    (`filled: false`), changing it is an unsafe fix. A single signal alone
    is reported without a fix: either the offer was filled (run `postlint
    mark-filled FILE`) or the signal is a leftover.

    ## Why it matters
    Half-marked offers keep drawing applications for a job that is taken,
    or disappear from a "current offers" list while still open.

    ## Example
    ```markdown
    ---
    title: "[OFFRE POURVUE] Offre d'emploi : chargé·e de mission"
    ---
    ### Offre d'emploi
    _Cette offre a été pourvue._
    ```

    ## Fix
    ```markdown
    ---
    title: "[OFFRE POURVUE] Offre d'emploi : chargé·e de mission"
    filled: true
    ---
    ### Offre d'emploi
    _Cette offre a été pourvue._
    ```
    """
    options = _offer(post, ctx)
    if options is None:
        return
    filled = options.filled
    signals = filled_signals(post, filled)
    present, absent = signals.says_filled(), signals.silent_or_open()
    if not present or not absent:
        return
    params: dict[str, Any] = {
        "marker": filled.title_marker, "notice": filled.body_notice.rstrip("."),
        "key": filled.flag_key, "value": _yaml_bool(filled.flag_value),
    }
    if len(signals.enabled) == 3 and len(present) == 2:
        missing = absent[0]
        edit = signal_edit(post, filled, missing)
        explicit_open = missing == "flag" and signals.flag is False
        fix = Fix((edit,), safe=not explicit_open, description=f"add the {missing}") if edit else None
        line, column = _signal_position(post, filled, missing)
        if explicit_open:
            actual = _yaml_bool(not filled.flag_value)
            yield ctx.at("flag-open", line, column, fix=fix, actual=actual, **params)
        else:
            yield ctx.at(f"add-{missing}", line, column, fix=fix, **params)
        return
    for signal in present:
        line, column = _signal_position(post, filled, signal)
        yield ctx.at(f"only-{signal}", line, column, **params)


# --------------------------------------------------------------------------
# Staleness


def offer_deadline(post: Post) -> tuple[dt.date, int, int] | None:
    """The offer's deadline and its 1-based line:column: front-matter
    ``deadline`` first, else the latest deadline phrase of the body."""
    value = (post.front_matter or {}).get("deadline")
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        span = post.span_of("deadline", value=True)
        return value, (span.line if span else post.front_matter_line), (span.column if span else 1)
    from postlint.deadlines import find_deadlines  # its patterns compile only when an offer is checked

    found = find_deadlines(post.body, default_year=None, reference=post.date)
    if not found:
        return None
    last = max(found, key=lambda d: d.date)
    line, column = post.position(post.body_offset + last.start)
    return last.date, line, column


@rule(
    "PL406",
    "stale-job-offer",
    "A job offer not marked filled is past its deadline, or old.",
    severity="warning",
    fixable=True,
    messages={
        "deadline": "The application deadline ({deadline}) has passed and this offer is not marked filled: mark it filled (`postlint mark-filled`) or update it",
        "age": "This offer was published on {published} ({days} days ago, more than {limit}), states no deadline and is not marked filled: mark it filled (`postlint mark-filled`) or update it",
    },
)
def stale_offer(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A job offer with no filled signal (see `job-offer-filled-mismatch`)
    whose application deadline has passed, or, when it states none, that
    is older than `[jobs] stale-after` (default 6 months). The deadline is
    the front-matter `deadline` key, else the latest deadline phrase of
    the body (« avant le 16 décembre 2019 », « jusqu'au 3 mars »,
    "by 1 June 2024", « date limite : 15/01/2025 »; a missing year is taken
    from the post's date). "Today" is the real date unless
    `[jobs] today` pins it (for reproducible runs).

    The unsafe fix marks the offer filled with every configured signal,
    as `postlint mark-filled` does: only apply it once you know the
    position is no longer open.

    ## Why it matters
    Readers still find old offers through search engines and tag pages,
    and apply for positions that closed years ago.

    ## Example
    ```markdown
    Candidatures avant le 16 décembre 2019.
    ```
    checked in 2024, without any filled marker.

    ## Fix
    ```markdown
    ---
    title: "[OFFRE POURVUE] Offre de stage"
    filled: true
    ---
    ### Offre de stage
    _Cette offre a été pourvue._
    ```
    """
    options = _offer(post, ctx)
    if options is None or filled_signals(post, options.filled).any_filled:
        return
    today = options.reference_date()
    fixes, _ = mark_filled_fixes(post, options.filled)
    edits = tuple(e for f in fixes for e in f.edits)
    fix = Fix(edits, safe=False, description="mark the offer filled") if edits else None
    deadline = offer_deadline(post)
    if deadline is not None:
        date, line, column = deadline
        if date < today:
            yield ctx.at("deadline", line, column, fix=fix, deadline=date.isoformat())
        return
    published = post.date
    if published is None or options.stale_since(published) > today:
        return
    line, column = _anchor(post)
    yield ctx.at("age", line, column, fix=fix, published=published.isoformat(),
                 days=(today - published).days, limit=options.stale_after)


# --------------------------------------------------------------------------
# The offer's own keys

_EXPECTED = {"bool_type": "true or false", "date_type": "a date (YYYY-MM-DD)", "string_type": "text"}


@rule(
    "PL407",
    "job-offer-invalid-key",
    "A job offer's own front-matter key has a wrong value.",
    messages={
        "default": "`{key}` should be {expected} (got {value!r})",
    },
)
def invalid_offer_key(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A detected job offer is validated by the `JobOffer` schema, which
    extends the post schema with typed keys: `filled` and `open` (true or
    false, not text), `deadline` (a date), `type` (text). Other keys are
    the front-matter rules' business.

    ## Why it matters
    `filled: "oui"` is text: templates testing `if page.filled` treat any
    text as true, and postlint cannot tell whether the offer is filled.

    ## Example
    ```yaml
    filled: "oui"
    deadline: fin janvier
    ```

    ## Fix
    ```yaml
    filled: true
    deadline: 2025-01-31
    ```
    """
    if _offer(post, ctx) is None or not post.front_matter:
        return
    try:
        JobOffer.model_validate(post.front_matter)
    except ValidationError as exc:
        for err in exc.errors():
            loc = err["loc"]
            if not loc or loc[0] not in OFFER_KEYS:
                continue
            key = str(loc[0])
            expected = _EXPECTED.get(err["type"]) or ("a date (YYYY-MM-DD)" if key == "deadline" else "true or false"
                                                       if key in ("filled", "open") else "text")
            yield ctx.at_key(key, "default", on_value=True, key=key, expected=expected, value=err.get("input"))
