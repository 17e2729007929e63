"""postlint.jekyll.ruby_time against the real Ruby and Jekyll.

Every case of ``ruby_time_cases.py`` (a few hundred strings under four time
zones, YAML front matters, post file names) is run through Ruby once per test
run (``ruby_time_oracle.rb``: ``Date._parse``, ``Time.parse``,
``Jekyll::Utils.parse_date``, Jekyll's YAML loader and file-name matcher) and
through postlint. Without ruby the checked-in answers
(``data/ruby_time_expectations.json``) stand in for it. A few posts are also
built end to end with ``jekyll build``.

Regenerate the answers after changing the table (needs ruby and jekyll):
``python tests/test_ruby_time.py --regenerate``.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from jekyll_sites import JekyllBuildError, build, jekyll_command, write_site
from postlint.core import yamlpos
from postlint.jekyll.ruby_time import (
    JekyllDate,
    Outcome,
    RubyArgumentError,
    RubySymbol,
    Unrepresentable,
    date_parse,
    jekyll_filename_date,
    jekyll_front_matter_date,
    jekyll_parse_date,
    match_dated_filename,
    psych_scalar,
    ruby_to_s,
    site_zone,
    time_parse,
)
from ruby_time_cases import NOW, cases

HERE = Path(__file__).parent
ORACLE = HERE / "ruby_time_oracle.rb"
EXPECTATIONS = HERE / "data" / "ruby_time_expectations.json"
NOW_DT = dt.datetime.fromisoformat(NOW.replace("Z", "+00:00"))


def _ruby_with_jekyll() -> bool:
    if shutil.which("ruby") is None:
        return False
    done = subprocess.run(["ruby", "-e", 'require "jekyll"'], capture_output=True, check=False)
    return done.returncode == 0


def run_oracle(table: list[dict[str, Any]]) -> dict[str, Any]:
    """One ruby process for the whole table."""
    request = json.dumps({"now": NOW, "cases": table})
    done = subprocess.run(["ruby", str(ORACLE)], input=request, capture_output=True, text=True, check=True, timeout=300)
    answer: dict[str, Any] = json.loads(done.stdout)
    return answer


# --------------------------------------------------------------------------
# postlint's answers, in the oracle's format
# --------------------------------------------------------------------------


def _shown(moment: dt.datetime) -> dict[str, Any]:
    offset = moment.utcoffset()
    assert offset is not None
    wall = f"{moment.year:04d}-{moment:%m-%d %H:%M:%S.%f}"
    return {"wall": wall, "offset": int(offset.total_seconds())}


def _jekyll(result: JekyllDate) -> dict[str, Any]:
    if result.outcome is Outcome.REJECTED:
        return {"error": "Jekyll::Errors::InvalidDateError"}
    if result.outcome is Outcome.UNREPRESENTABLE:
        return {"unrepresentable": True}
    assert result.moment is not None
    return _shown(result.moment)


def _hash(text: str) -> dict[str, Any]:
    try:
        parsed = date_parse(text)
    except RubyArgumentError:
        return {"error": "ArgumentError"}
    return {k: [v.numerator, v.denominator] if isinstance(v, Fraction) else v for k, v in parsed.items()}


def _time(text: str, tz: str) -> dict[str, Any]:
    try:
        return _shown(time_parse(text, tz=site_zone(tz), now=NOW_DT))
    except Unrepresentable:
        return {"unrepresentable": True}
    except RubyArgumentError:
        return {"error": "ArgumentError"}


_RUBY_CLASS = {str: "String", int: "Integer", float: "Float", type(None): "NilClass", bool: "",
               dt.date: "Date", dt.datetime: "Time", list: "Array", dict: "Hash"}  # fmt: skip


def _yaml_value(text: str) -> tuple[Any, str | None]:
    """PyYAML's value for ``date`` (postlint's loader), and its text when written plain."""
    loaded = yamlpos.load(text)
    assert loaded.data is not None, loaded.issues
    span = loaded.spans[("date",)].value
    raw = text[span.start : span.end]
    plain = None if raw[:1] in ("'", '"', "!", "[", "{", "|", ">", "&", "*") else raw
    return loaded.data["date"], plain


def _ruby_class(value: Any) -> str:
    if isinstance(value, bool):
        return "TrueClass" if value else "FalseClass"
    return _RUBY_CLASS[type(value)]


def python_result(case: dict[str, Any]) -> dict[str, Any]:
    tz = case["tz"]
    if case["kind"] == "parse":
        text = case["text"]
        return {"hash": _hash(text), "time": _time(text, tz),
                "jekyll": _jekyll(jekyll_parse_date(text, timezone=tz, now=NOW_DT))}  # fmt: skip
    if case["kind"] == "yaml":
        value, plain = _yaml_value(case["yaml"])
        ruby_value = psych_scalar(plain) if plain is not None else value
        typed = jekyll_front_matter_date(value, timezone=tz, now=NOW_DT, plain=plain)
        if isinstance(ruby_value, RubySymbol):
            assert typed.outcome is Outcome.UNLOADABLE
            return {"load_error": "Psych::DisallowedClass"}
        return {"class": _ruby_class(ruby_value), "to_s": ruby_to_s(ruby_value), "jekyll": _jekyll(typed)}
    found = match_dated_filename(case["path"])
    if found is None:
        assert jekyll_filename_date(case["path"], timezone=tz, now=NOW_DT) is None
        return {"match": None}
    result = jekyll_filename_date(case["path"], timezone=tz, now=NOW_DT)
    assert result is not None
    return {"match": [found.date_text, found.slug, found.ext], "jekyll": _jekyll(result)}


def _same(ours: dict[str, Any], ruby: dict[str, Any]) -> bool:
    if ours.keys() != ruby.keys():
        return False
    for key, mine in ours.items():
        theirs = ruby[key]
        if isinstance(mine, dict) and mine.get("unrepresentable"):
            # Ruby accepted a year Python cannot hold: fine, as long as that is why
            year = int(str(theirs.get("wall", "5000")).split("-")[0] or "-1") if "wall" in theirs else None
            if year is None or 1 <= year <= 9999:
                return False
        elif key == "to_s" and ours.get("class") == "Time":
            continue  # Ruby prints the build zone's offset; the instant is compared below
        elif key == "class" and ours.get("jekyll", {}).get("unrepresentable"):
            continue  # a Date of year 0 is the same text to Time.parse
        elif mine != theirs:
            return False
    return True


def _mismatches(table: list[dict[str, Any]], answers: list[dict[str, Any]]) -> list[str]:
    out = []
    for case, ruby in zip(table, answers):
        ours = python_result(case)
        if not _same(ours, ruby):
            out.append(f"{case}\n  ruby:     {ruby}\n  postlint: {ours}")
    return out


@pytest.fixture(scope="module")
def table() -> list[dict[str, Any]]:
    return cases()


@pytest.fixture(scope="module")
def expectations(table: list[dict[str, Any]]) -> dict[str, Any]:
    recorded: dict[str, Any] = json.loads(EXPECTATIONS.read_text(encoding="utf-8"))
    assert recorded["now"] == NOW
    assert [case for case, _ in recorded["answers"]] == table, "the case table changed: regenerate (see the docstring)"
    recorded["results"] = [result for _, result in recorded["answers"]]
    return recorded


@pytest.fixture(scope="module")
def live(table: list[dict[str, Any]]) -> dict[str, Any]:
    if not _ruby_with_jekyll():
        pytest.skip("ruby with jekyll is not installed (apt-get install jekyll)")
    return run_oracle(table)


def test_table_is_large_and_varied(table: list[dict[str, Any]]) -> None:
    texts = {c["text"] for c in table if c["kind"] == "parse"}
    assert len(texts) >= 300
    assert {c["kind"] for c in table} == {"parse", "yaml", "filename"}


def test_matches_recorded_ruby(expectations: dict[str, Any], table: list[dict[str, Any]]) -> None:
    bad = _mismatches(table, expectations["results"])
    assert not bad, f"{len(bad)} of {len(table)} differ from Ruby:\n" + "\n".join(bad[:15])


def test_matches_live_ruby(live: dict[str, Any], table: list[dict[str, Any]]) -> None:
    bad = _mismatches(table, live["results"])
    assert not bad, f"{len(bad)} of {len(table)} differ from Ruby:\n" + "\n".join(bad[:15])


def test_recorded_answers_are_this_rubys(live: dict[str, Any], expectations: dict[str, Any]) -> None:
    assert live["results"] == expectations["results"], (
        f"ruby here ({live['versions']}) answers differently from the recorded {expectations['versions']}"
    )


def test_rejections_are_a_real_share(expectations: dict[str, Any], table: list[dict[str, Any]]) -> None:
    """The table exercises both sides: Jekyll rejects some values and accepts most."""
    verdicts = [("error" in r["jekyll"]) for c, r in zip(table, expectations["results"]) if c["kind"] == "parse"]
    assert 0.1 < sum(verdicts) / len(verdicts) < 0.6


def test_file_name_day_is_jekylls_in_every_zone(expectations: dict[str, Any], table: list[dict[str, Any]]) -> None:
    checked = 0
    for case, ruby in zip(table, expectations["results"]):
        if case["kind"] != "filename" or ruby["match"] is None:
            continue
        found = match_dated_filename(case["path"])
        assert found is not None
        expected = None if "error" in ruby["jekyll"] else dt.date.fromisoformat(ruby["jekyll"]["wall"][:10])
        if expected is not None and expected.year == 0:
            continue  # year 0: Jekyll accepts it, Python has no such date
        assert found.jekyll_day == expected, case
        checked += 1
    assert checked > 40


# --------------------------------------------------------------------------
# Where PyYAML and Psych disagree
# --------------------------------------------------------------------------

#: Plain scalars the two loaders type differently, so that only the scalar's
#: text (``plain=``) gives Jekyll's date. PyYAML refuses the first three as
#: timestamps (postlint then keeps the text, read by ``Time.parse`` in the
#: site's zone) while Psych makes UTC times of them (``Time.utc`` rolls the
#: day over); Psych reads ``+200`` as +20:00 and ``-00:30`` as +00:30;
#: ``1:2:3:4`` is a base-60 integer to PyYAML, a string to Psych.
LOADER_DISAGREEMENTS = {
    "2020-02-30 10:00:00", "2020-02-30 23:30:00", "2020-01-05 24:00:00", "2020-01-05 23:30:00 +200",
    "2020-01-05 10:00:00 -00:30", "1:2:3:4",
}  # fmt: skip


def test_without_the_text_only_known_values_differ(expectations: dict[str, Any], table: list[dict[str, Any]]) -> None:
    differ = set()
    for case, ruby in zip(table, expectations["results"]):
        if case["kind"] != "yaml" or "jekyll" not in ruby:
            continue
        value, _ = _yaml_value(case["yaml"])
        ours = {"jekyll": _jekyll(jekyll_front_matter_date(value, timezone=case["tz"], now=NOW_DT))}
        if not _same(ours, {"jekyll": ruby["jekyll"]}):
            differ.add(case["yaml"][len("date: ") :].rstrip("\n"))
    assert differ == LOADER_DISAGREEMENTS


def test_psych_reads_a_time_without_zone_as_utc() -> None:
    paris = "Europe/Paris"
    # Psych: 23:30 UTC, which is already January 6th in Paris
    typed = jekyll_front_matter_date(dt.datetime(2020, 1, 5, 23, 30), timezone=paris)
    assert typed.moment is not None and typed.moment.date() == dt.date(2020, 1, 6)
    # no seconds: not a YAML timestamp, a string Time.parse reads in the site's zone
    text = jekyll_front_matter_date("2020-01-05 23:30", timezone=paris)
    assert text.moment is not None and text.moment.date() == dt.date(2020, 1, 5)


def test_empty_and_false_dates_stop_the_build() -> None:
    for value in (None, False, "", "TBD", "5 février 2020"):
        assert jekyll_front_matter_date(value).rejected, value


def test_rolled_over_day_is_flagged() -> None:
    result = jekyll_parse_date("2019-02-30")
    assert result.accepted and result.rolled_over
    assert result.moment is not None and result.moment.date() == dt.date(2019, 3, 2)
    assert not jekyll_parse_date("2019-02-28").rolled_over


# --------------------------------------------------------------------------
# End to end: the URLs jekyll build gives
# --------------------------------------------------------------------------

_POSTS = {
    "2020-06-01-us-words.md": "June 2, 2020",
    "2016-03-21-edt.md": "2016-03-21 22:00 EDT",
    "2023-01-29-zone-ignored.md": "2023-01-29 18:30:22 2023 -0800",
    "2018-04-24-east.md": "2018-04-24 01:00:00 +0200",
    "2020-01-05-day-after.md": "2020-01-05 23:30:00 -0800",
    "2020-02-30-rolled.md": "2020-02-30",
    "2020-01-05-utc-time.md": "2020-01-05 23:30:00",
    "2020-01-05-local-time.md": "2020-01-05 23:30",
    "2020-01-05-quoted.md": "'2020-01-05 23:30:00'",
    "2021-01-01-english-day.md": "2 June 2020 10h30",
}
_NAMED = ["20-1-5-two-digit-year.md", "2019-02-29-not-a-leap-year.md", "2020-4-31-short-month.md"]


def _site(timezone: str | None, posts: dict[str, str | None]) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {"_config.yml": f"timezone: {timezone}\n" if timezone else "title: t\n"}
    for name, date in posts.items():
        files[f"_posts/{name}"] = f"---\ntitle: x\ndate: {date}\n---\nbody\n" if date is not None else "---\ntitle: x\n---\nbody\n"
    return files


def _expected_url(name: str, date: str | None, timezone: str | None) -> str:
    if date is None:
        result = jekyll_filename_date(f"_posts/{name}", timezone=timezone)
        assert result is not None
    else:
        value, plain = _yaml_value(f"date: {date}\n")
        result = jekyll_front_matter_date(value, timezone=timezone, plain=plain)
    assert result.moment is not None, (name, result)
    found = match_dated_filename(name)
    assert found is not None
    return f"{result.moment:/%Y/%m/%d/}{found.slug}.html"


needs_jekyll = pytest.mark.skipif(jekyll_command() is None, reason="jekyll is not installed (apt-get install jekyll)")


@needs_jekyll
@pytest.mark.parametrize("timezone", [None, "Europe/Paris", "America/Los_Angeles"])
def test_urls_follow_jekylls_dates(tmp_path: Path, timezone: str | None) -> None:
    posts: dict[str, str | None] = {**_POSTS, **{name: None for name in _NAMED}}
    site = build(write_site(tmp_path / "src", _site(timezone, posts)), tmp_path / "out")
    urls = site.urls()
    for name, date in posts.items():
        assert urls[f"_posts/{name}"] == _expected_url(name, date, timezone), (name, date)


@needs_jekyll
@pytest.mark.parametrize("date", ["", "TBD", "5 février 2020", "2020-13-01", "2020-01-05 25:00"])
def test_rejected_dates_stop_the_build(tmp_path: Path, date: str) -> None:
    value, plain = _yaml_value(f"date: {date}\n")
    assert jekyll_front_matter_date(value, plain=plain).rejected
    source = write_site(tmp_path / "src", _site(None, {"2020-01-05-bad.md": date}))
    with pytest.raises(JekyllBuildError, match="Invalid date"):
        build(source, tmp_path / "out")


@needs_jekyll
def test_rejected_file_name_stops_the_build(tmp_path: Path) -> None:
    result = jekyll_filename_date("_posts/2020-13-01-bad.md")
    assert result is not None and result.rejected
    source = write_site(tmp_path / "src", _site(None, {"2020-13-01-bad.md": None}))
    with pytest.raises(JekyllBuildError, match="Invalid date"):
        build(source, tmp_path / "out")


def write_expectations(path: Path) -> int:
    """Ask Ruby, write its answers: a header, then one case and its answer a line."""
    table = cases()
    answer = run_oracle(table)
    header = {
        "generated": "python tests/test_ruby_time.py --regenerate: tests/ruby_time_oracle.rb, run by the ruby "
        "below with Debian's jekyll 4.3.1 (its own YAML loader and date parser), on tests/ruby_time_cases.py. "
        "Do not edit by hand.",
        "versions": answer["versions"],
        "now": NOW,
    }
    lines = [json.dumps(header, ensure_ascii=False)[:-1] + ', "answers": [']
    pairs = [json.dumps([case, result], ensure_ascii=False) for case, result in zip(table, answer["results"])]
    lines.append(",\n".join(pairs))
    lines.append("]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(pairs)


if __name__ == "__main__" and sys.argv[1:] == ["--regenerate"]:
    print(f"wrote {EXPECTATIONS} ({write_expectations(EXPECTATIONS)} answers)")
