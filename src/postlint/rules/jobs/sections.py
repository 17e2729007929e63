"""PL401-PL403: the sections of a job offer, as people write headings."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from postlint.core.diagnostics import Diagnostic
from postlint.core.document import Post
from postlint.rules.base import PostContext, rule
from postlint.rules.jobs.detect import title_heading_index
from postlint.rules.jobs.offer import Offer, analyse
from postlint.rules.jobs.options import JobsOptions, SectionSpec
from postlint.rules.jobs.signals import anchor
from postlint.rules.jobs.text import MatchMode, heading_key, phrase_matches, quote_list

if TYPE_CHECKING:  # pragma: no cover
    from markdown_it.token import Token

__all__ = ["Found", "closest_heading", "empty_section", "find_sections", "missing_section", "section_order"]


@dataclass(frozen=True)
class Found:
    """Where a section is provided: a heading (with its level), a bold lead-in
    or a definition-list term (level 0)."""

    spec: SectionSpec
    line: int
    column: int
    text: str
    token_index: int
    level: int


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


_DEFINITION_RE = re.compile(r"^ {0,3}:[ \t]+\S")


def _definition_terms(tokens: list[Token], i: int) -> Iterator[tuple[int, str]]:
    """kramdown definition lists (``Term`` then ``: definition``), which
    CommonMark reads as a paragraph: (line offset in the paragraph, term)."""
    if tokens[i].type != "paragraph_open" or i + 1 >= len(tokens):
        return
    lines = tokens[i + 1].content.split("\n")
    for n, line in enumerate(lines[:-1]):
        if line.strip() and not _DEFINITION_RE.match(line) and _DEFINITION_RE.match(lines[n + 1]):
            yield n, line.strip()


def _matches(key: str, phrases: list[str], mode: MatchMode) -> bool:
    return any(phrase_matches(key, p, mode) for p in phrases)


def find_sections(post: Post, specs: list[SectionSpec], options: JobsOptions,
                  phrases: dict[str, list[str]] | None = None) -> dict[str, Found]:
    """The first place each section is provided; headings win over lead-ins.

    ``phrases``: every phrase accepted for a section id (its own headings
    and those of the same section in other languages); default: its own."""
    tokens = post.tokens
    mode = options.section_match
    keys = {s.id: [heading_key(h) for h in (phrases or {}).get(s.id, []) or s.headings] for s in specs}
    for s in specs:  # its own headings always count
        keys[s.id] = [*dict.fromkeys([heading_key(h) for h in s.headings] + keys[s.id])]
    skip = title_heading_index(post, options)
    found: dict[str, Found] = {}
    for i, tok in enumerate(tokens):
        if tok.type != "heading_open" or i + 1 >= len(tokens) or i == skip:
            continue
        key = heading_key(tokens[i + 1].content)
        for spec in specs:
            if spec.id not in found and _matches(key, keys[spec.id], mode):
                found[spec.id] = Found(spec, post.token_line(tok), 1, tokens[i + 1].content.strip(), i,
                                       _heading_level(tok))
    for spec in specs:
        if spec.id in found or not (spec.bold_lead_in or spec.definition_term):
            continue
        lead_mode: MatchMode = "exact" if mode == "exact" else "prefix"
        for i in range(len(tokens)):
            if spec.bold_lead_in:
                bold = _bold_lead_in(tokens, i)
                # a lead-in is followed by its text: it starts with the phrase
                if bold is not None and _matches(heading_key(bold), keys[spec.id], "prefix"):
                    found[spec.id] = Found(spec, post.token_line(tokens[i]), 1, bold.strip(), i, 0)
                    break
            if spec.definition_term:
                term = next((t for t in _definition_terms(tokens, i)
                             if _matches(heading_key(t[1]), keys[spec.id], lead_mode)), None)
                if term is not None:
                    found[spec.id] = Found(spec, post.token_line(tokens[i]) + term[0], 1, term[1], i, 0)
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


def _checked(post: Post, ctx: PostContext) -> tuple[Offer, list[SectionSpec], dict[str, Found]] | None:
    """The offer, its sections and where they are, when its sections are checked."""
    offer = analyse(post, ctx)
    if offer is None or not offer.content_checked:
        return None
    specs = offer.sections
    if not specs:
        return None  # a language without a section set: nothing to compare with
    phrases = offer.options.phrases_by_id(offer.site_lang)
    return offer, specs, find_sections(post, specs, offer.options, phrases)


def closest_heading(headings: list[str], phrases: list[str], cutoff: float = 0.75) -> str | None:
    """The offer's heading closest to one of the phrases (a typo, a near
    synonym), comparing each phrase with the heading's first words too."""
    best: tuple[float, str] | None = None
    for heading in headings:
        key = heading_key(heading)
        words = key.split()
        for phrase in phrases:
            wanted = heading_key(phrase)
            head = " ".join(words[: len(wanted.split())])
            ratio = max(difflib.SequenceMatcher(None, key, wanted).ratio(),
                        difflib.SequenceMatcher(None, head, wanted).ratio())
            if ratio >= cutoff and (best is None or ratio > best[0]):
                best = (ratio, heading)
    return best[1] if best else None


@rule(
    "PL401",
    "job-offer-missing-section",
    "A job offer lacks a section the site requires.",
    messages={
        "default": "This job offer has no « {label} » section: no heading starts with or contains a phrase such "
                   "as {examples} (its headings: {headings})",
        "closest": "This job offer has no « {label} » section: no heading starts with or contains a phrase such "
                   "as {examples}; the closest is « {closest} »: rename it if it is that section",
        "no-headings": "This job offer has no « {label} » section: add a heading such as {examples}",
    },
)
def missing_section(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A post detected as a job offer, and still open, has no heading (of
    any level) that provides one of the sections of its language. Each
    section lists phrases; a heading provides it when, ignoring case,
    accents, punctuation and emphasis, it **starts with** one of them
    (`Ton profil, tes atouts` for `Ton profil`, `La mission : accompagner…`
    for `La mission`) or **contains** one as whole words (`Quelles seront
    vos missions ?` for `Vos missions`). `[jobs] section-match = "prefix"`
    keeps only the first, `"exact"` asks for the same words. A heading of
    the same section in another language also counts (`How to apply` in a
    French offer). With `bold-lead-in = true`, a paragraph opening with the
    phrase in bold counts; with `definition-term = true`, a definition-list
    term (`Profil` followed by a line `: …`). The first heading, when it
    names the offer (« Offre d'emploi « Chargé·e de mission » »), never
    provides a section. The finding lists the headings the offer has and
    the closest one, if any, so that a near miss (`Ton profile`) is easy to
    fix. Reported at the offer's first heading.

    Sections come in sets by language: postlint ships French (« Missions »,
    « Candidater ») and English ("The role", "How to apply") sets; `[jobs]
    sections` replaces the set of the site's main language (a list) or of
    each language named (`[[jobs.sections.en]]`). An offer's language is
    its front-matter `lang` (Jekyll `defaults:` included), else a folder
    named after a language (`en/_posts/`, `zh-hant/`), else what its text
    reads as (French, English, or neither), else `[jobs] lang`, else the
    site's `_config.yml` `lang`, else French.
    An English offer is never asked for French sections, nor the reverse;
    an offer in a language without a set is not checked for sections.

    Closed and filled offers (see `job-offer-filled-mismatch`) are not
    checked for sections or for how to apply, since nobody edits them any
    more; `[jobs] check-closed = true` checks them too.

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
    checked = _checked(post, ctx)
    if checked is None:
        return
    offer, specs, found = checked
    line, column = anchor(post)
    skip = title_heading_index(post, offer.options)
    tokens = post.tokens
    taken = {f.token_index for f in found.values()}
    headings = [tokens[i + 1].content.strip() for i, tok in enumerate(tokens)
                if tok.type == "heading_open" and i + 1 < len(tokens) and i != skip]
    free = [tokens[i + 1].content.strip() for i, tok in enumerate(tokens)
            if tok.type == "heading_open" and i + 1 < len(tokens) and i != skip and i not in taken]
    for spec in specs:
        if spec.id in found:
            continue
        examples = quote_list(spec.headings[:2])
        params = {"label": spec.label, "examples": examples, "section": spec.id, "lang": offer.lang}
        if not headings:
            yield ctx.at("no-headings", line, column, **params)
            continue
        near = closest_heading(free, spec.headings)
        if near is not None:
            yield ctx.at("closest", line, column, closest=near, **params)
        else:
            yield ctx.at("default", line, column, headings=quote_list(headings), **params)


@rule(
    "PL402",
    "job-offer-empty-section",
    "A required section of a job offer has a heading but no content.",
    messages={"default": "The « {heading} » section is empty: its heading is followed by nothing"},
)
def empty_section(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A heading that provides a required section (see
    `job-offer-missing-section`) is followed directly by another heading of
    the same or a higher level, or by the end of the post. Open offers only
    (unless `[jobs] check-closed = true`).

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
    checked = _checked(post, ctx)
    if checked is None:
        return
    for found in checked[2].values():
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
    the order of their set (see `job-offer-missing-section`). Reported at
    each section that comes too early. Open offers only (unless `[jobs]
    check-closed = true`).

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
    checked = _checked(post, ctx)
    if checked is None or not checked[0].options.order:
        return
    _, specs, found = checked
    order = " → ".join(s.label for s in specs)
    latest: Found | None = None
    for spec in specs:
        here = found.get(spec.id)
        if here is None:
            continue
        if latest is not None and here.line < latest.line:
            yield ctx.at("default", here.line, here.column, label=spec.label, previous=latest.spec.label,
                         order=order)
        elif latest is None or here.line > latest.line:
            latest = here
