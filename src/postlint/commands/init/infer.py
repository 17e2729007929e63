"""Put the pieces together: for each group of files, a schema guess; then
the tag vocabulary and the job offers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from postlint.commands.init.fields import FieldGuess, infer_allowed, infer_type, is_required, values_of
from postlint.commands.init.jobs import JobsGuess, infer_jobs
from postlint.commands.init.references import Target, find_reference, find_url_field, targets
from postlint.commands.init.survey import Group, Survey, survey
from postlint.commands.init.tags import FIELD as TAGS_FIELD
from postlint.commands.init.tags import TagsGuess, infer_tags


@dataclass
class SchemaGuess:
    group: Group
    fields: list[FieldGuess] = field(default_factory=list)

    @property
    def required(self) -> list[str]:
        return [f.key for f in self.fields if f.required]


@dataclass
class Inference:
    survey: Survey
    schemas: list[SchemaGuess]
    tags: TagsGuess | None
    jobs: JobsGuess | None


def infer(root: Path) -> Inference:
    site = survey(root)
    all_targets = targets(site)
    schemas = [infer_schema(group, site, all_targets) for group in site.groups]
    return Inference(site, schemas, infer_tags(site.all_posts()), infer_jobs(site))


def infer_schema(group: Group, site: Survey, all_targets: list[Target]) -> SchemaGuess:
    guess = SchemaGuess(group)
    keys: dict[str, int] = {}
    for post in group.posts:
        for key in post.front_matter or {}:
            if isinstance(key, str):
                keys[key] = keys.get(key, 0) + 1
    files = site.index.files
    for key, present in sorted(keys.items(), key=lambda item: (-item[1], item[0])):
        values = values_of(group.posts, key)
        field_guess = FieldGuess(key, "any", present, len(group.posts))
        if key == TAGS_FIELD:
            # presence only: the tag rules check the values, each problem once
            field_guess.note = "values checked by the tag rules"
        else:
            _type_field(field_guess, group, site, values, files, all_targets)
        field_guess.required = is_required(field_guess, values, defaulted=key in group.defaulted,
                                           document=group.is_document)
        guess.fields.append(field_guess)
    return guess


def _type_field(guess: FieldGuess, group: Group, site: Survey, values: list[Any], files: frozenset[str],
                all_targets: list[Target]) -> None:
    found = find_reference(group.posts, guess.key, all_targets)
    if found is not None:
        target, matched, distinct = found
        guess.type = "reference"
        guess.reference = (target.kind, target.name)
        guess.matched = (matched, distinct)
        guess.url_field = find_url_field(group.posts, guess.key, target, site)
        return
    guess.type, guess.note = infer_type(guess.key, values, files)
    infer_allowed(guess, values)
