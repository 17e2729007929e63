"""The short, deterministic fuzzing run of the test suite (the long one is
``python -m tests.fuzz --minutes 30``): generated posts and mutants of the
seed posts must have every property of :mod:`tests.fuzz.harness`."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import HealthCheck, given, settings

from .harness import Failure, FuzzSite, check, seed_texts, target_for
from .mutate import Mutator
from .strategies import posts

#: per file, far above the usual tens of milliseconds (shared CI machines)
SLOW = 10.0
HYPOTHESIS = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                             HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> FuzzSite:
    return FuzzSite(tmp_path_factory.mktemp("fuzz") / "site")


@pytest.mark.parametrize("name", sorted(seed_texts()))
def test_seed_posts_have_every_property(site: FuzzSite, name: str) -> None:
    outcome = check(site, seed_texts()[name].encode("utf-8"), target_for(name), slow=SLOW)
    assert outcome.failures == []
    assert outcome.findings > 0 or name in ("english.md", "frontmatter.md")  # the seeds exercise the rules


def test_the_harness_sees_a_broken_property(site: FuzzSite) -> None:
    """A finding outside the file is caught (the checks can fail)."""
    from postlint.core.diagnostics import Diagnostic, Severity

    from .harness import _positions

    outside = Diagnostic("x.md", 3, 1, "PL999", "x", Severity.ERROR, "default")
    assert [f.kind for f in _positions([outside], "one line\n")] == ["position"]


def test_the_harness_sees_a_fix_that_never_settles(site: FuzzSite, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fix offered again after every round is a second --fix changing the file."""
    from collections.abc import Iterator

    from postlint.core.diagnostics import Diagnostic, Edit, Fix
    from postlint.core.document import Post
    from postlint.rules import registry
    from postlint.rules.base import PostContext, rule

    @rule("PL997", "always-more", "A fix that never ends (test only).", messages={"default": "more"}, fixable=True)
    def always_more(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
        end = len(post.text)
        yield ctx.at("default", 1, 1, fix=Fix((Edit(end, end, "!"),), description="add one more"))

    text = seed_texts()["english.md"].encode("utf-8")
    assert check(site, text, target_for("english.md")).failures == []
    monkeypatch.setitem(registry().rules, "PL997", always_more)
    assert [f.kind for f in check(site, text, target_for("english.md")).failures] == ["fix-not-idempotent"]


@HYPOTHESIS
@given(posts())
def test_generated_posts_have_every_property(site: FuzzSite, post: tuple[str, str]) -> None:
    text, relpath = post
    outcome = check(site, text.encode("utf-8"), relpath, slow=SLOW)
    assert outcome.failures == [], text


def test_mutants_of_the_seed_posts_have_every_property(site: FuzzSite) -> None:
    """400 mutants from a fixed seed, one in ten grown to long lines (up to 30,000 characters)."""
    rng = random.Random(20_240_601)
    seeds = seed_texts()
    names = sorted(seeds)
    mutator = Mutator(rng, [seeds[n] for n in names], max_size=30_000, big=0.1)
    failures: list[tuple[Failure, str, bytes]] = []
    start = time.perf_counter()
    for _ in range(400):
        name = rng.choice(names)
        data = mutator.to_bytes(mutator.mutate(seeds[name]))
        outcome = check(site, data, target_for(name), slow=SLOW)
        failures += [(f, target_for(name), data) for f in outcome.failures]
    assert not failures, "\n".join(f"{f.kind}: {f.detail} ({rel}, {len(d)} bytes: {d[:200]!r})"
                                   for f, rel, d in failures[:5])
    assert time.perf_counter() - start < 120
