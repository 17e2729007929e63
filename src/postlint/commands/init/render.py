"""The inference as a commented ``postlint.toml``, short enough to read.

Each field is one line (an inline table) with what it comes from in a
comment; the file stays under :data:`MAX_LINES` by folding the fields that
check nothing (type ``any``, optional) into one comment line when needed.
"""

from __future__ import annotations

import json
import re
from typing import Any

from postlint.commands.init.fields import FieldGuess
from postlint.commands.init.infer import Inference, SchemaGuess
from postlint.commands.init.jobs import JobsGuess
from postlint.commands.init.tags import TagsGuess

MAX_LINES = 149
#: a field line longer than this is written as its own table.
_LONG = 110
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
#: how many files may use a field that checks nothing before it is folded, tried in turn.
_FOLD_STEPS = (0, 1, 2, 5, 10, 25, 100, 10**9)


def render(inference: Inference) -> str:
    text = ""
    # first the fields that check nothing, then optional typed ones: rarest first
    for typed in (False, True):
        for limit in _FOLD_STEPS:
            text = _render(inference, _Fold(limit, typed))
            if text.count("\n") <= MAX_LINES:
                return text
    return text


class _Fold:
    """Which fields go into the one-line comment instead of a line each."""

    def __init__(self, limit: int, typed: bool) -> None:
        self.limit, self.typed = limit, typed

    def __call__(self, guess: FieldGuess) -> bool:
        if guess.present > self.limit:
            return False
        return guess.minor or (self.typed and not guess.required and guess.allowed is None
                               and guess.reference is None)


def _render(inference: Inference, fold: _Fold) -> str:
    site = inference.survey
    lines = [
        "# postlint configuration, written by `postlint init` from _config.yml and the front matter",
        f"# of {site.content_files} content files. Each rule says what it comes from; edit freely.",
        "# required: (almost) every file has the key; allowed: the values in use (a rare misspelling",
        "# of a frequent value is left out, so that `postlint check` points at it).",
    ]
    lang = site.site.lang.split("-")[0].split("_")[0].lower()
    if lang in ("en", "fr"):
        lines += ["", f"lang = {toml_value(lang)}  # the site's `lang` in _config.yml: the language of the messages"]
    for schema in inference.schemas:
        lines += ["", *_schema(schema, fold)]
    lines += ["", *_tags(inference.tags)]
    lines += ["", *_jobs(inference.jobs)]
    return "\n".join(lines) + "\n"


# -- TOML values ------------------------------------------------------------------------
def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    # JSON's escapes are TOML's, but for DEL, which TOML wants escaped
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else toml_value(key)


def _short(value: Any, width: int = 30) -> str:
    """A value for a comment: one line, not too long."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _rule(title: str) -> str:
    return f"# -- {title} " + "-" * max(3, 96 - len(title))


# -- schemas ------------------------------------------------------------------------------
def _schema(schema: SchemaGuess, fold: _Fold) -> list[str]:
    group = schema.group
    where = ", ".join(group.include)
    name = toml_key(group.name)
    lines = [_rule(f"{group.label}: {group.files} files ({where})"), "[[files]]",
             f"include = {toml_value(group.include)}"]
    if group.exclude:
        lines.append(f"exclude = {toml_value(group.exclude)}")
    lines += [f"schema = {toml_value(group.name)}", "", f"[schemas.{name}]", 'extends = "page"']
    folded = [f for f in schema.fields if fold(f)]
    shown = [f for f in schema.fields if f not in folded]
    if not shown:
        lines.append(f"# no key used by enough files to say anything about ({len(group.posts)} with front matter)")
    inline: list[str] = []
    tables: list[str] = []
    for guess in shown:
        spec = _spec(guess)
        line = f"{toml_key(guess.key)} = {toml_value(spec)}"
        comment = _comment(guess)
        if len(line) <= _LONG:
            inline.append(f"{line}  # {comment}")
        else:  # a long list of allowed values: a table of its own, after the one-liners
            tables += ["", f"[schemas.{name}.fields.{toml_key(guess.key)}]  # {comment}",
                       *(f"{toml_key(k)} = {toml_value(v)}" for k, v in spec.items())]
        for value, uses, like, like_uses in guess.left_out:
            inline.append(f"#   {_short(value)!r} ×{uses} left out of `{guess.key}`: a spelling of {_short(like)!r} ×{like_uses}?")
    if inline or tables:
        lines += ["", f"[schemas.{name}.fields]", *inline, *tables]
    if folded:
        keys = ", ".join(f"{f.key} ({f.present}{'' if f.type == 'any' else ', ' + f.type})" for f in folded)
        lines += _wrap(f"# also used, not checked (files, type): {keys}")
    return lines


def _spec(guess: FieldGuess) -> dict[str, Any]:
    spec: dict[str, Any] = {"type": guess.type}
    if guess.required:
        spec["required"] = True
    if guess.reference is not None:
        spec[guess.reference[0]] = guess.reference[1]
        if guess.url_field:
            spec["url-field"] = guess.url_field
    if guess.allowed is not None:
        spec["allowed"] = guess.allowed
    return spec


def _comment(guess: FieldGuess) -> str:
    parts = [f"{guess.present}/{guess.total} files"]
    if guess.note:
        parts.append(guess.note)
    if guess.matched is not None:
        kind, target = guess.reference or ("", "")
        what = f"items of _{target}/" if kind == "collection" else f"keys of {target}"
        parts.append(f"{guess.matched[0]} of {guess.matched[1]} values are {what}")
        if guess.url_field:
            parts.append(f"whose `{guess.url_field}` is the page's URL")
    if guess.counts:
        top = list(guess.counts.items())
        shown = ", ".join(f"{_short(v, 20)} ×{n}" for v, n in top[:5])
        parts.append(shown + (f", +{len(top) - 5}" if len(top) > 5 else ""))
    return "; ".join(parts)


def _wrap(text: str, width: int = 100) -> list[str]:
    lines, current = [], ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = "#  " + word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, current] if current else lines


# -- tags ---------------------------------------------------------------------------------
def _tags(tags: TagsGuess | None) -> list[str]:
    if tags is None:
        return [_rule("tags"), "# no tag vocabulary: too few posts use `tags` (or too many distinct tags)"]
    lines = [_rule(f"tags: {len(tags.vocabulary)} tags used by {tags.posts} posts"), "[tags]", "vocabulary = ["]
    row = "  "
    for tag in tags.vocabulary:
        item = toml_value(tag) + ","
        if len(row) + len(item) + 1 > 100 and row.strip():
            lines.append(row.rstrip())
            row = "  "
        row += item + " "
    if row.strip():
        lines.append(row.rstrip())
    lines.append("]")
    for tag, uses, main, main_uses in tags.variants:
        lines.append(f"# {_short(tag)!r} ×{uses} left out: a spelling of {_short(main)!r} ×{main_uses}")
    for group in tags.undecided:
        lines.append("# spellings of one tag, all in use (pick one): " + ", ".join(
            f"{_short(t)!r} ×{tags.counts[t]}" for t in group))
    if tags.placeholders:
        lines.append("# placeholders left out: " + ", ".join(repr(_short(t)) for t in tags.placeholders))
    return lines


# -- jobs ---------------------------------------------------------------------------------
def _jobs(jobs: JobsGuess | None) -> list[str]:
    if jobs is None:
        return [_rule("job offers"), "# none found (no jobs collection, no post titled like an offer)"]
    how = ", ".join(f"{n} by {reason}" for reason, n in sorted(jobs.reasons.items()))
    lines = [_rule(f"job offers: {len(jobs.offers)} found ({how})")]
    lines += _wrap("# " + ", ".join(jobs.offers[:6]) + (f", +{len(jobs.offers) - 6}" if len(jobs.offers) > 6 else ""))
    if jobs.collections:
        lines += ["[jobs.detect]", f"collections = {toml_value(jobs.collections)}"]
    if not jobs.signals:
        lines.append("# no status signal in use (title marker, notice, `filled:` key): the defaults apply")
        return lines
    lines += ["[jobs.status]", "# how the offers say they are filled or closed, as found in them", "signals = ["]
    for signal, uses in jobs.signals:
        entry = {k.replace("_", "-"): v for k, v in signal.items()}
        lines.append(f"  {toml_value(entry)},  # {uses} of {len(jobs.offers)} offers")
    lines.append("]")
    return lines
