"""Post dates read exactly as Jekyll 4.3 reads them (Ruby's ``Time.parse``).

Jekyll turns every ``date:`` value into a string (``value.to_s``) and hands it
to ``Time.parse`` (``Jekyll::Utils.parse_date``); a failure there
(``ArgumentError``) stops the build with ``InvalidDateError``. The date in a
post's file name takes the same road. Ruby's parser is a pile of heuristics
(``Date._parse``): it accepts ``June 2, 2020``, ``2 June 2020``, a time with a
zone abbreviation, words it ignores, and rolls ``February 30`` into March.
This module reproduces those heuristics for the strings Jekyll passes, and how
a YAML value reaches them (Psych types plain ``2020-01-05 10:00:00`` as a UTC
time; PyYAML gives a naive datetime).

Where Psych (Jekyll's YAML) and PyYAML (postlint's) part ways on a plain
``date:`` scalar -- all checked by the tests:

- ``2020-01-05 10:00:00``: both make a time, PyYAML a naive one; Psych means
  UTC, which :func:`ruby_to_s` keeps. Without seconds (``2020-01-05 10:00``)
  neither does, and ``Time.parse`` reads the string in the site's zone.
- ``2020-1-5``, ``2020-01-05 10:00:00 +0200``: Psych types them, PyYAML
  leaves strings; ``Time.parse`` of the string gives the same moment.
- ``2020-02-30 10:00:00``, ``2020-01-05 24:00:00``: PyYAML refuses them
  (postlint keeps the text) while Psych's ``Time.utc`` rolls over, in UTC.
  ``2020-02-30`` alone: both give up on a date and Jekyll rolls it over.
- ``+200`` is +20:00 to Psych, ``-00:30`` is +00:30; ``1:30`` is 5400 to
  Psych (its base 60 counts the first part in hours), 90 to PyYAML; both
  dates fail anyway. ``1:2:3:4`` is a PyYAML integer, a Psych string.
- ``null``, ``false``, an empty ``date:``: Jekyll still parses ``to_s`` and
  stops the build. ``:name`` is a Symbol Jekyll's safe loader refuses.

For the differing cases give :func:`jekyll_front_matter_date` the scalar's
text (``plain=``): it is then typed as Psych types it.

Pure: no import from postlint. Everything is checked against the real Ruby by
``tests/test_ruby_time.py``.

Entry points:

- :func:`jekyll_front_matter_date` -- a ``date:`` value as PyYAML loaded it;
- :func:`jekyll_filename_date` -- the date in a post's file name;
- :func:`jekyll_parse_date` -- ``Jekyll::Utils.parse_date`` on a string;
- :func:`time_parse`, :func:`date_parse` -- Ruby's ``Time.parse`` and
  ``Date._parse`` themselves;
- :func:`psych_scalar`, :func:`ruby_to_s` -- Psych's typing of a plain
  scalar, and Ruby's ``to_s`` of a loaded value.
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

__all__ = [
    "DATE_FILENAME_MATCHER",
    "ZONE_OFFSETS",
    "DatedFilename",
    "JekyllDate",
    "Outcome",
    "RubyArgumentError",
    "RubySymbol",
    "Unrepresentable",
    "date_parse",
    "jekyll_filename_date",
    "jekyll_front_matter_date",
    "jekyll_parse_date",
    "match_dated_filename",
    "psych_scalar",
    "ruby_to_s",
    "site_zone",
    "time_parse",
    "zone_offset",
]

_UTC = _dt.timezone.utc

#: Values of the hash ``Date._parse`` returns.
ParsedValue = int | Fraction | str


class RubyArgumentError(ValueError):
    """Ruby would raise ``ArgumentError`` (Jekyll: ``InvalidDateError``)."""


class Unrepresentable(ValueError):
    """Ruby accepts the value but the moment is outside Python's years 1-9999."""


# --------------------------------------------------------------------------
# Date._parse
# --------------------------------------------------------------------------
# Ruby's \d, \s, \D, \S are ASCII; its \b and [[:alpha:]] know Unicode. The
# patterns below spell the ASCII classes out and keep Python's Unicode \b.

_SP = r"[ \t\n\v\f\r]"
_NSP = r"[^ \t\n\v\f\r]"
_ALPHA = r"[^\W\d_]"
_ABBR_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_ABBR_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAYS_RE = "|".join(_ABBR_DAYS)
_MONTHS_RE = "|".join(_ABBR_MONTHS)
_ERA = r"(c(?:e|\.e\.)|b(?:ce|\.c\.e\.)|a(?:d|\.d\.)|b(?:c|\.c\.))?"
#: the parser's byte limit (``Date._parse(limit: 128)``)
_LIMIT = 128


def _rx(pattern: str, ignore_case: bool = True) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE if ignore_case else 0)


_CLEAN = _rx(r"(?:[^-+',./:@\[\]\w]|_)+", False)
_DAY = _rx(rf"\b({_DAYS_RE})[^-/0-9 \t\n\v\f\r]*")
_TIME = _rx(
    r"("
    rf"(?:[0-9]+{_SP}*:{_SP}*[0-9]+(?:{_SP}*:{_SP}*[0-9]+(?:[,.][0-9]*)?)?"
    rf"|[0-9]+{_SP}*h(?:{_SP}*[0-9]+m?(?:{_SP}*[0-9]+s?)?)?)"
    rf"(?:{_SP}*[ap](?:m\b|\.m\.))?"
    rf"|[0-9]+{_SP}*[ap](?:m\b|\.m\.)"
    r")"
    rf"(?:{_SP}*("
    r"(?:gmt|utc?)?[-+][0-9]+(?:[,.:][0-9]+(?::[0-9]+)?)?"
    rf"|(?:{_ALPHA}|[.]|{_SP})+(?:standard|daylight){_SP}time\b"
    rf"|{_ALPHA}+(?:{_SP}dst)?\b"
    r"))?"
)
_TIME_PARTS = _rx(
    rf"\A([0-9]+)h?(?:{_SP}*:?{_SP}*([0-9]+)m?"
    rf"(?:{_SP}*:?{_SP}*([0-9]+)(?:[,.]([0-9]+))?s?)?)?"
    rf"(?:{_SP}*([ap])(?:m\b|\.m\.))?"
)
_EU = _rx(
    rf"('?[0-9]+)[^-0-9 \t\n\v\f\r]*{_SP}*({_MONTHS_RE})[^-0-9 \t\n\v\f\r']*"
    rf"(?:{_SP}*{_ERA}{_SP}*('?-?[0-9]+(?:(?:st|nd|rd|th)\b)?))?"
)
_US = _rx(
    rf"\b({_MONTHS_RE})[^-0-9 \t\n\v\f\r']*{_SP}*('?[0-9]+)[^-0-9 \t\n\v\f\r']*"
    rf"(?:{_SP}*,?{_SP}*{_ERA}{_SP}*('?-?[0-9]+))?"
)
_ISO = _rx(r"('?[-+]?[0-9]+)-([0-9]+)-('?-?[0-9]+)", False)
_JIS = _rx(r"\b([mtshr])([0-9]+)\.([0-9]+)\.([0-9]+)")
_VMS11 = _rx(rf"('?-?[0-9]+)-({_MONTHS_RE})[^-/.]*-('?-?[0-9]+)")
_VMS12 = _rx(rf"\b({_MONTHS_RE})[^-/.]*-('?-?[0-9]+)(?:-('?-?[0-9]+))?")
_SLA = _rx(rf"('?-?[0-9]+)/{_SP}*('?[0-9]+)(?:[^0-9]{_SP}*('?-?[0-9]+))?")
_DOT = _rx(rf"('?-?[0-9]+)\.{_SP}*('?[0-9]+)\.{_SP}*('?-?[0-9]+)")
_ISO21 = _rx(r"\b([0-9]{2}|[0-9]{4})?-?w([0-9]{2})(?:-?([0-9]))?\b")
_ISO22 = _rx(r"-w-([0-9])\b")
_ISO23 = _rx(r"--([0-9]{2})?-([0-9]{2})\b", False)
_ISO24 = _rx(r"--([0-9]{2})([0-9]{2})?\b", False)
_ISO25_NOT = _rx(r"[,.]([0-9]{2}|[0-9]{4})-[0-9]{3}\b", False)
_ISO25 = _rx(r"\b([0-9]{2}|[0-9]{4})-([0-9]{3})\b", False)
_ISO26_NOT = _rx(r"[0-9]-[0-9]{3}\b", False)
_ISO26 = _rx(r"\b-([0-9]{3})\b", False)
_YEAR = _rx(r"'([0-9]+)\b", False)
_MON = _rx(rf"\b({_MONTHS_RE}){_NSP}*")
_MDAY = _rx(r"([0-9]+)(st|nd|rd|th)\b")
_DDD = _rx(
    rf"([-+]?)([0-9]{{2,14}})(?:{_SP}*t?{_SP}*([0-9]{{2,6}})?(?:[,.]([0-9]*))?)?"
    rf"(?:{_SP}*(z\b|[-+][0-9]{{1,4}}\b|\[[-+]?[0-9][^\]]*\]))?"
)
_BC = _rx(r"\b(bc\b|bce\b|b\.c\.|b\.c\.e\.)")
_FRAG = _rx(rf"\A{_SP}*([0-9]{{1,2}}){_SP}*\Z")
_JIS_ERAS = {"m": 1867, "t": 1911, "s": 1925, "h": 1988, "r": 2018}

_Hash = dict[str, ParsedValue]
_Callback = Callable[["re.Match[str]", _Hash], bool]


class _Text:
    """The string the parser works on; each recognised part is cut out."""

    def __init__(self, text: str) -> None:
        self.text = text

    def has(self, *kinds: str) -> bool:
        # C's isalpha/isdigit: ASCII only
        for kind in kinds:
            if kind == "alpha" and not any(c.isascii() and c.isalpha() for c in self.text):
                return False
            if kind == "digit" and not any("0" <= c <= "9" for c in self.text):
                return False
            if kind in "-./" and kind not in self.text:
                return False
        return True

    def sub(self, pattern: re.Pattern[str], hash_: _Hash, callback: _Callback) -> bool:
        found = pattern.search(self.text)
        if found is None:
            return False
        self.text = self.text[: found.start()] + " " + self.text[found.end() :]
        callback(found, hash_)
        return True


def _num(text: str) -> int:
    """``String#to_i``-like reading of sign + digits (empty is 0)."""
    sign = -1 if text[:1] == "-" else 1
    digits = text.lstrip("+-")
    return sign * int(digits) if digits else 0


def _mon_num(text: str) -> int:
    return _ABBR_MONTHS.index(text[:3].lower()) + 1


def _leading_number(text: str, signed: bool) -> tuple[int, int, int] | None:
    """(start, end of digits, digit count) of the first number, or None."""
    i = 0
    while i < len(text) and not (text[i].isascii() and text[i].isdigit()) and not (signed and text[i] in "+-"):
        i += 1
    if i >= len(text):
        return None
    start = i
    if signed and text[i] in "+-":
        i += 1
    j = i
    while j < len(text) and "0" <= text[j] <= "9":
        j += 1
    return start, j, j - i


def _s3e(h: _Hash, y: str | None, m: str | int | None, d: str | None, bc: bool) -> None:
    """Ruby's ``s3e``: decide which of three numbers is the year, month, day."""
    ms = str(m) if isinstance(m, int) else m
    comp: bool | None = None
    if y is not None and ms is not None and d is None:
        y, ms, d = None, y, ms
    if y is None:
        if d is not None and len(d) > 2:
            y, d = d, None
        if d is not None and d[:1] == "'":
            y, d = d, None
    if y is not None:
        found = _leading_number(y, True)
        if found is not None:
            start, end, _ = found
            if end < len(y):  # something follows the digits: it was a day
                digits = y[start:end]
                y, d = d, digits
    if ms is not None and (ms[:1] == "'" or len(ms) > 2):
        y, ms, d = ms, d, y
    if d is not None and (d[:1] == "'" or len(d) > 2):
        y, d = d, y
    if y is not None:
        found = _leading_number(y, True)
        if found is not None:
            start, end, count = found
            if y[start] in "+-":
                comp = False
            if count > 2:
                comp = False
            h["year"] = _num(y[start:end])
    if bc:
        h["_bc"] = 1
    if ms is not None:
        found = _leading_number(ms, False)
        if found is not None:
            h["mon"] = int(ms[found[0] : found[1]])
    if d is not None:
        found = _leading_number(d, False)
        if found is not None:
            h["mday"] = int(d[found[0] : found[1]])
    if comp is not None:
        h["_comp"] = int(comp)


def _is_bc(era: str | None) -> bool:
    return era is not None and era[:1] in "Bb"


def _cb_day(m: re.Match[str], h: _Hash) -> bool:
    h["wday"] = _ABBR_DAYS.index(m.group(1)[:3].lower())
    return True


def _cb_time(m: re.Match[str], h: _Hash) -> bool:
    if m.group(2) is not None:
        h["zone"] = m.group(2)
    parts = _TIME_PARTS.search(m.group(1))
    if parts is None:  # pragma: no cover - the outer pattern guarantees a match
        return False
    hour = int(parts.group(1))
    if parts.group(5) is not None:
        hour = hour % 12 + (12 if parts.group(5) in "Pp" else 0)
    h["hour"] = hour
    if parts.group(2) is not None:
        h["min"] = int(parts.group(2))
    if parts.group(3) is not None:
        h["sec"] = int(parts.group(3))
    if parts.group(4) is not None:
        h["sec_fraction"] = Fraction(int(parts.group(4)), 10 ** len(parts.group(4)))
    return True


def _cb_eu(m: re.Match[str], h: _Hash) -> bool:
    _s3e(h, m.group(4), _mon_num(m.group(2)), m.group(1), _is_bc(m.group(3)))
    return True


def _cb_us(m: re.Match[str], h: _Hash) -> bool:
    _s3e(h, m.group(4), _mon_num(m.group(1)), m.group(2), _is_bc(m.group(3)))
    return True


def _cb_ymd(m: re.Match[str], h: _Hash) -> bool:
    _s3e(h, m.group(1), m.group(2), m.group(3), False)
    return True


def _cb_jis(m: re.Match[str], h: _Hash) -> bool:
    h["year"] = int(m.group(2)) + _JIS_ERAS[m.group(1).lower()]
    h["mon"] = int(m.group(3))
    h["mday"] = int(m.group(4))
    return True


def _cb_vms11(m: re.Match[str], h: _Hash) -> bool:
    _s3e(h, m.group(3), _mon_num(m.group(2)), m.group(1), False)
    return True


def _cb_vms12(m: re.Match[str], h: _Hash) -> bool:
    _s3e(h, m.group(3), _mon_num(m.group(1)), m.group(2), False)
    return True


def _cb_iso21(m: re.Match[str], h: _Hash) -> bool:
    if m.group(1) is not None:
        h["cwyear"] = int(m.group(1))
    h["cweek"] = int(m.group(2))
    if m.group(3) is not None:
        h["cwday"] = int(m.group(3))
    return True


def _cb_iso22(m: re.Match[str], h: _Hash) -> bool:
    h["cwday"] = int(m.group(1))
    return True


def _cb_iso23(m: re.Match[str], h: _Hash) -> bool:
    if m.group(1) is not None:
        h["mon"] = int(m.group(1))
    h["mday"] = int(m.group(2))
    return True


def _cb_iso24(m: re.Match[str], h: _Hash) -> bool:
    h["mon"] = int(m.group(1))
    if m.group(2) is not None:
        h["mday"] = int(m.group(2))
    return True


def _cb_iso25(m: re.Match[str], h: _Hash) -> bool:
    h["year"] = int(m.group(1))
    h["yday"] = int(m.group(2))
    return True


def _cb_iso26(m: re.Match[str], h: _Hash) -> bool:
    h["yday"] = int(m.group(1))
    return True


def _cb_year(m: re.Match[str], h: _Hash) -> bool:
    h["year"] = int(m.group(1))
    return True


def _cb_mon(m: re.Match[str], h: _Hash) -> bool:
    h["mon"] = _mon_num(m.group(1))
    return True


def _cb_mday(m: re.Match[str], h: _Hash) -> bool:
    h["mday"] = int(m.group(1))
    return True


def _two(s: str, start: int, width: int = 2) -> int:
    return int(s[start : start + width])


def _cb_ddd(m: re.Match[str], h: _Hash) -> bool:
    """A run of digits: its length decides what it holds (``parse_ddd``)."""
    sign, s2, s3, s4, s5 = m.groups()
    neg = sign == "-"
    n = len(s2)
    time_only = s3 is None and s4 is not None  # digits then a fraction: a time
    if n == 2:
        if time_only:
            h["sec"] = _two(s2, 0)
        else:
            h["mday"] = _two(s2, 0)
    elif n == 4:
        if time_only:
            h["sec"], h["min"] = _two(s2, 2), _two(s2, 0)
        else:
            h["mon"], h["mday"] = _two(s2, 0), _two(s2, 2)
    elif n == 6:
        if time_only:
            h["sec"], h["min"], h["hour"] = _two(s2, 4), _two(s2, 2), _two(s2, 0)
        else:
            h["year"] = -_two(s2, 0) if neg else _two(s2, 0)
            h["mon"], h["mday"] = _two(s2, 2), _two(s2, 4)
    elif n in (8, 10, 12, 14):
        if time_only:
            h["sec"], h["min"], h["hour"] = _two(s2, n - 2), _two(s2, n - 4), _two(s2, n - 6)
            h["mday"] = _two(s2, n - 8)
            if n >= 10:
                h["mon"] = _two(s2, n - 10)
            if n == 12:
                h["year"] = -_two(s2, 0) if neg else _two(s2, 0)
            if n == 14:
                h["year"] = -_two(s2, 0, 4) if neg else _two(s2, 0, 4)
                h["_comp"] = 0
        else:
            h["year"] = -_two(s2, 0, 4) if neg else _two(s2, 0, 4)
            h["mon"], h["mday"] = _two(s2, 4), _two(s2, 6)
            if n >= 10:
                h["hour"] = _two(s2, 8)
            if n >= 12:
                h["min"] = _two(s2, 10)
            if n >= 14:
                h["sec"] = _two(s2, 12)
            h["_comp"] = 0
    elif n == 3:
        if time_only:
            h["sec"], h["min"] = _two(s2, 1), _two(s2, 0, 1)
        else:
            h["yday"] = _two(s2, 0, 3)
    elif n == 5:
        if time_only:
            h["sec"], h["min"], h["hour"] = _two(s2, 3), _two(s2, 1), _two(s2, 0, 1)
        else:
            h["year"] = -_two(s2, 0) if neg else _two(s2, 0)
            h["yday"] = _two(s2, 2, 3)
    elif n == 7:
        if time_only:
            h["sec"], h["min"], h["hour"] = _two(s2, 5), _two(s2, 3), _two(s2, 1)
            h["mday"] = _two(s2, 0, 1)
        else:
            h["year"] = -_two(s2, 0, 4) if neg else _two(s2, 0, 4)
            h["yday"] = _two(s2, 4, 3)
    if s3 is not None:
        n3 = len(s3)
        if n3 in (2, 4, 6):
            if s4 is not None:
                h["sec"] = _two(s3, n3 - 2)
                if n3 >= 4:
                    h["min"] = _two(s3, n3 - 4)
                if n3 >= 6:
                    h["hour"] = _two(s3, n3 - 6)
            else:
                h["hour"] = _two(s3, 0)
                if n3 >= 4:
                    h["min"] = _two(s3, 2)
                if n3 >= 6:
                    h["sec"] = _two(s3, 4)
    if s4 is not None:
        h["sec_fraction"] = Fraction(int(s4) if s4 else 0, 10 ** len(s4))
    if s5 is not None:
        zone = s5
        if zone.startswith("["):
            inner = zone[1:-1]
            zone = inner.split(":", 1)[1] if ":" in inner else inner
        h["zone"] = zone
    return True


def _cb_bc(m: re.Match[str], h: _Hash) -> bool:
    h["_bc"] = 1
    return True


def _cb_frag(m: re.Match[str], h: _Hash) -> bool:
    n = int(m.group(1))
    if "hour" in h and "mday" not in h and 1 <= n <= 31:
        h["mday"] = n
    if "mday" in h and "hour" not in h and 0 <= n <= 24:
        h["hour"] = n
    return True


def _not_then(guard: re.Pattern[str], pattern: re.Pattern[str], callback: _Callback) -> Callable[[_Text, _Hash], bool]:
    def run(text: _Text, h: _Hash) -> bool:
        if guard.search(text.text):
            return False
        return text.sub(pattern, h, callback)

    return run


def _plain(pattern: re.Pattern[str], callback: _Callback) -> Callable[[_Text, _Hash], bool]:
    return lambda text, h: text.sub(pattern, h, callback)


#: The date parsers, in Ruby's order: the first that matches ends the search.
_DATE_PARSERS: tuple[tuple[tuple[str, ...], tuple[Callable[[_Text, _Hash], bool], ...]], ...] = (
    (("alpha", "digit"), (_plain(_EU, _cb_eu), _plain(_US, _cb_us))),
    (("digit", "-"), (_plain(_ISO, _cb_ymd),)),
    (("digit", "."), (_plain(_JIS, _cb_jis),)),
    (("alpha", "digit", "-"), (_plain(_VMS11, _cb_vms11), _plain(_VMS12, _cb_vms12))),
    (("digit", "/"), (_plain(_SLA, _cb_ymd),)),
    (("digit", "."), (_plain(_DOT, _cb_ymd),)),
    (
        ("digit",),
        (
            _plain(_ISO21, _cb_iso21),
            _plain(_ISO22, _cb_iso22),
            _plain(_ISO23, _cb_iso23),
            _plain(_ISO24, _cb_iso24),
            _not_then(_ISO25_NOT, _ISO25, _cb_iso25),
            _not_then(_ISO26_NOT, _ISO26, _cb_iso26),
        ),
    ),
    (("digit",), (_plain(_YEAR, _cb_year),)),
    (("alpha",), (_plain(_MON, _cb_mon),)),
    (("digit",), (_plain(_MDAY, _cb_mday),)),
    (("digit",), (_plain(_DDD, _cb_ddd),)),
)


def date_parse(text: str, comp: bool = True) -> dict[str, ParsedValue]:
    """Ruby's ``Date._parse(text, comp)``, less ``:offset`` (``Time.parse`` ignores it).

    Keys: year, mon, mday, yday, wday, cwyear, cweek, cwday, hour, min, sec,
    sec_fraction (a Fraction), zone (the text naming it). Raises
    :class:`RubyArgumentError` past Ruby's limit of 128 bytes.
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > _LIMIT:
        raise RubyArgumentError(f"string length ({size}) exceeds the limit {_LIMIT}")
    work = _Text(_CLEAN.sub(" ", text))
    h: _Hash = {"_comp": int(comp)}
    if work.has("alpha"):
        work.sub(_DAY, h, _cb_day)
    if work.has("digit"):
        work.sub(_TIME, h, _cb_time)
    done = False
    for kinds, parsers in _DATE_PARSERS:
        if done:
            break
        for parser in parsers:
            if work.has(*kinds) and parser(work, h):
                done = True
                break
    if work.has("alpha"):
        work.sub(_BC, h, _cb_bc)
    if work.has("digit"):
        work.sub(_FRAG, h, _cb_frag)
    bc = bool(h.pop("_bc", 0))
    comp_year = bool(h.pop("_comp", 0))
    for key in ("cwyear", "year"):
        value = h.get(key)
        if isinstance(value, int):
            if bc:
                value = 1 - value
            if comp_year and 0 <= value <= 99:
                value += 1900 if value >= 69 else 2000
            h[key] = value
    return h


# --------------------------------------------------------------------------
# Time.parse
# --------------------------------------------------------------------------

#: ``Time::ZoneOffset``: the only names ``Time.parse`` knows (hours).
ZONE_OFFSETS: Mapping[str, int] = {
    "UTC": 0, "Z": 0, "UT": 0, "GMT": 0,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "A": 1, "B": 2, "C": 3, "D": 4, "E": 5, "F": 6, "G": 7, "H": 8, "I": 9, "K": 10, "L": 11, "M": 12,
    "N": -1, "O": -2, "P": -3, "Q": -4, "R": -5, "S": -6, "T": -7, "U": -8, "V": -9, "W": -10,
    "X": -11, "Y": -12,
}  # fmt: skip
_ZONE_HHMM = re.compile(r"\A([+-])([0-9][0-9])(:?)([0-9][0-9])(?:\3([0-9][0-9]))?\Z")
_ZONE_HH = re.compile(r"\A[+-][0-9][0-9]\Z")
_LEAP_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_COMMON_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _leap(year: int) -> bool:
    return (year % 4 == 0 and year % 100 != 0) or year % 400 == 0


def _month_days(year: int, mon: int) -> int | None:
    """``Time.month_days`` with Ruby's array indexing (0 is December, 13 is nil)."""
    index = mon - 1
    if not -12 <= index < 12:
        return None
    return (_LEAP_DAYS if _leap(year) else _COMMON_DAYS)[index]


def _zone_abbreviation(tz: _dt.tzinfo, year: int, month: int) -> str | None:
    try:
        return _dt.datetime(year, month, 1, tzinfo=tz).tzname()
    except (ValueError, OverflowError):
        return None


def zone_offset(zone: str, year: int, tz: _dt.tzinfo = _UTC) -> int | None:
    """``Time.zone_offset``: seconds east of UTC for a zone's text, or None.

    Besides numeric offsets and :data:`ZONE_OFFSETS`, Ruby knows the local
    zone's own abbreviations (``CET``/``CEST`` when ``TZ`` is Europe/Paris).
    """
    upper = zone.upper()
    found = _ZONE_HHMM.match(upper)
    if found:
        sign = -1 if found.group(1) == "-" else 1
        return sign * ((int(found.group(2)) * 60 + int(found.group(4))) * 60 + int(found.group(5) or 0))
    if _ZONE_HH.match(upper):
        return int(upper) * 3600
    if upper in ZONE_OFFSETS:
        return ZONE_OFFSETS[upper] * 3600
    for month in (1, 7):
        name = _zone_abbreviation(tz, year, month)
        if name is not None and name.upper() == upper:
            moment = _dt.datetime(year, month, 1, tzinfo=tz)
            offset = moment.utcoffset()
            return int(offset.total_seconds()) if offset is not None else None
    return None


def _zone_utc(zone: str) -> bool:
    return re.fullmatch(r"-00:00|-0000|-00|UTC|Z|UT", zone, re.IGNORECASE) is not None


class _Fields(NamedTuple):
    year: int
    mon: int
    day: int
    hour: int
    min: int
    sec: int
    usec: int


def _time_args(year: int, mon: int, day: int, hour: int, minute: int, sec: int, usec: int) -> tuple[_Fields, bool]:
    """``Time.utc``/``Time.local`` argument checks; True when the day rolled over."""
    if not 0 <= mon < 16:
        raise RubyArgumentError("argument out of range")
    if not 0 <= day < 32:
        raise RubyArgumentError("argument out of range")
    rolled = False
    if mon == 2 and day > (29 if _leap(year) else 28):
        day -= 29 if _leap(year) else 28
        mon += 1
        rolled = True
    elif mon in (4, 6, 9, 11) and day == 31:
        mon, day, rolled = mon + 1, 1, True
    if not 0 <= hour < 32 or not 0 <= minute < 64 or not 0 <= sec < 64:
        raise RubyArgumentError("argument out of range")
    if not 1 <= mon <= 12:
        raise RubyArgumentError("mon out of range")
    if not 1 <= day <= 31:
        raise RubyArgumentError("mday out of range")
    if hour > 24:
        raise RubyArgumentError("hour out of range")
    if minute > (0 if hour == 24 else 59):
        raise RubyArgumentError("min out of range")
    if sec > (0 if hour == 24 else 60):
        raise RubyArgumentError("sec out of range")
    return _Fields(year, mon, day, hour, minute, sec, usec), rolled


def _wall(f: _Fields) -> _dt.datetime:
    """The wall-clock time the fields name (hour 24 and second 60 carried)."""
    try:
        base = _dt.datetime(f.year, f.mon, f.day)
        return base + _dt.timedelta(hours=f.hour, minutes=f.min, seconds=f.sec, microseconds=f.usec)
    except (ValueError, OverflowError) as exc:
        raise Unrepresentable(f"year {f.year} is outside what Python represents") from exc


def _local(naive: _dt.datetime, tz: _dt.tzinfo) -> _dt.datetime:
    """``Time.local``: a skipped wall time moves forward; a repeated one is the later."""
    early = naive.replace(tzinfo=tz, fold=0)
    late = naive.replace(tzinfo=tz, fold=1)
    try:
        if early.utcoffset() == late.utcoffset():
            return early
        back = early.astimezone(_UTC).astimezone(tz)
        if back.replace(tzinfo=None) == naive:  # repeated: Ruby takes the later one
            return late.astimezone(_UTC).astimezone(tz)
        return back  # skipped: the same instant shows an hour later
    except (ValueError, OverflowError) as exc:
        raise Unrepresentable(f"{naive.year} is outside what Python represents") from exc


def _apply_offset(year: int, mon: int, day: int, hour: int, minute: int, sec: int, off: int) -> tuple[int, ...]:
    """Ruby's ``Time.apply_offset``: local fields to UTC fields, carrying by hand."""
    if off < 0:
        off = -off
        off, o = divmod(off, 60)
        if o:
            sec += o
            o, sec = divmod(sec, 60)
            off += o
        off, o = divmod(off, 60)
        if o:
            minute += o
            o, minute = divmod(minute, 60)
            off += o
        off, o = divmod(off, 24)
        if o:
            hour += o
            o, hour = divmod(hour, 24)
            off += o
        if off:
            day += off
            days = _month_days(year, mon)
            if days is not None and days < day:
                mon += 1
                if mon > 12:
                    mon, year = 1, year + 1
                day = 1
    elif off > 0:
        off, o = divmod(off, 60)
        if o:
            sec -= o
            o, sec = divmod(sec, 60)
            off -= o
        off, o = divmod(off, 60)
        if o:
            minute -= o
            o, minute = divmod(minute, 60)
            off -= o
        off, o = divmod(off, 24)
        if o:
            hour -= o
            o, hour = divmod(hour, 24)
            off -= o
        if off:
            day -= off
            if day < 1:
                mon -= 1
                if mon < 1:
                    year, mon = year - 1, 12
                day = _month_days(year, mon) or 0
    return year, mon, day, hour, minute, sec


@dataclass(frozen=True)
class _Made:
    moment: _dt.datetime  # aware; its zone is the one Ruby's Time shows
    rolled_over: bool


def _now_in(now: _dt.datetime, off: int | None, tz: _dt.tzinfo) -> _dt.datetime:
    if off is not None:
        return now.astimezone(_dt.timezone(_dt.timedelta(seconds=off)))
    return now.astimezone(tz)


def _make_time(
    text: str,
    year: int | None,
    yday: int | None,
    mon: int | None,
    day: int | None,
    hour: int | None,
    minute: int | None,
    sec: int | None,
    fraction: Fraction | None,
    zone: str | None,
    now: _dt.datetime,
    tz: _dt.tzinfo,
) -> _Made:
    """Ruby's ``Time.make_time``: fill what is missing from ``now``, then build."""
    if all(v is None for v in (year, yday, mon, day, hour, minute, sec, fraction)):
        raise RubyArgumentError(f"no time information in {text!r}")
    local_now = now.astimezone(tz)
    off_year = year if year is not None else local_now.year
    off = zone_offset(zone, off_year, tz) if zone is not None else None
    if off is not None and abs(off) >= 86400:
        raise RubyArgumentError("utc_offset out of range")  # +24:00, as Ruby's Time says
    if yday is not None:
        if not 1 <= yday <= 366:
            raise RubyArgumentError(f"yday {yday} out of range")
        q, r = divmod(yday - 1, 31)
        guess_mon, guess_day = q + 1, r + 1
        first = _make_time(text, year, None, guess_mon, guess_day, hour, minute, sec, fraction, zone, now, tz)
        diff = yday - first.moment.timetuple().tm_yday
        if diff == 0:
            return first
        guess_day += diff
        mdays = _month_days(off_year, guess_mon)
        if guess_day > 28 and mdays is not None and guess_day > mdays:
            guess_mon += 1
            if guess_mon > 12:
                raise RubyArgumentError(f"yday {yday} out of range")
            guess_day -= mdays
        return _make_time(text, year, None, guess_mon, guess_day, hour, minute, sec, fraction, zone, now, tz)
    ref = _now_in(now, off, tz)
    usec = int(fraction * 1_000_000) if fraction is not None else None
    filled = [year, mon, day, hour, minute, sec]
    reference = [ref.year, ref.month, ref.day, ref.hour, ref.minute, ref.second]
    for i, value in enumerate(filled):
        if value is not None:
            break
        filled[i] = reference[i]
    else:
        if usec is None:
            usec = ref.microsecond
    y = filled[0] if filled[0] is not None else 1970
    mo = filled[1] if filled[1] is not None else 1
    d = filled[2] if filled[2] is not None else 1
    hh = filled[3] if filled[3] is not None else 0
    mi = filled[4] if filled[4] is not None else 0
    ss = filled[5] if filled[5] is not None else 0
    us = usec or 0
    if y != off_year:
        off = zone_offset(zone, y, tz) if zone is not None else None
    if off is not None:
        uy, umo, ud, uh, umi, us_ = _apply_offset(y, mo, d, hh, mi, ss, off)
        fields, rolled = _time_args(uy, umo, ud, uh, umi, us_, us)
        instant = _wall(fields).replace(tzinfo=_UTC)
        shown: _dt.tzinfo = _UTC if zone is not None and _zone_utc(zone) else _dt.timezone(_dt.timedelta(seconds=off))
        try:
            return _Made(instant.astimezone(shown), rolled)
        except (ValueError, OverflowError) as exc:
            raise Unrepresentable(f"year {y} is outside what Python represents") from exc
    fields, rolled = _time_args(y, mo, d, hh, mi, ss, us)
    return _Made(_local(_wall(fields), tz), rolled)


def _time_parse(text: str, now: _dt.datetime, tz: _dt.tzinfo) -> _Made:
    h = date_parse(text, True)

    def get(key: str) -> int | None:
        value = h.get(key)
        return value if isinstance(value, int) else None

    fraction = h.get("sec_fraction")
    zone = h.get("zone")
    return _make_time(
        text,
        get("year"),
        get("yday"),
        get("mon"),
        get("mday"),
        get("hour"),
        get("min"),
        get("sec"),
        fraction if isinstance(fraction, Fraction) else None,
        zone if isinstance(zone, str) else None,
        now,
        tz,
    )


def time_parse(text: str, *, tz: _dt.tzinfo = _UTC, now: _dt.datetime | None = None) -> _dt.datetime:
    """Ruby's ``Time.parse(text, now)`` with ``TZ`` set to ``tz``.

    Returns an aware datetime in the zone Ruby's result shows (the written
    offset, UTC, or ``tz``). Raises :class:`RubyArgumentError` where Ruby
    raises ``ArgumentError`` and :class:`Unrepresentable` for years outside
    1-9999. ``now`` (aware; default: the current time) fills what the text
    does not say, as Ruby does: ``10:00`` is today, ``June 2`` this year.
    """
    return _time_parse(text, now or _dt.datetime.now(_UTC), tz).moment


# --------------------------------------------------------------------------
# What Jekyll makes of it
# --------------------------------------------------------------------------


class Outcome(enum.Enum):
    ACCEPTED = "accepted"
    #: Jekyll stops the build (``InvalidDateError``)
    REJECTED = "rejected"
    #: Jekyll accepts it, but the year is outside 1-9999: no datetime to give
    UNREPRESENTABLE = "unrepresentable"
    #: Jekyll's YAML loader refuses the value (a Symbol): Jekyll logs an error
    #: and reads the file without its front matter (``strict_front_matter``
    #: stops the build instead)
    UNLOADABLE = "unloadable"


@dataclass(frozen=True)
class JekyllDate:
    """The date Jekyll gives a document, or why it has none.

    ``moment`` is aware, in the site's zone (Jekyll calls ``localtime``); its
    year, month and day are the ones in the post's URL. ``text`` is the
    string Jekyll passed to ``Time.parse``. ``rolled_over``: Ruby moved a day
    that does not exist into the next month (``2019-02-30`` is March 2nd).
    """

    outcome: Outcome
    text: str
    moment: _dt.datetime | None = None
    reason: str = ""
    rolled_over: bool = False

    @property
    def accepted(self) -> bool:
        return self.outcome is Outcome.ACCEPTED

    @property
    def rejected(self) -> bool:
        return self.outcome is Outcome.REJECTED


@functools.lru_cache(maxsize=64)
def site_zone(timezone: str | None) -> _dt.tzinfo:
    """The zone Jekyll's build runs in: ``timezone:`` when set and known, else UTC.

    Jekyll sets ``TZ`` from ``timezone:``; without it the build machine's
    zone applies, UTC on hosted builders and CI. A name the zone database
    does not know makes the C library fall back to UTC as well.
    """
    if timezone:
        try:
            from zoneinfo import ZoneInfo

            return ZoneInfo(timezone)
        except (ImportError, ValueError, KeyError, OSError):
            pass
    return _UTC


def jekyll_parse_date(
    text: str, *, timezone: str | None = None, now: _dt.datetime | None = None
) -> JekyllDate:
    """``Jekyll::Utils.parse_date(text)``: ``Time.parse(text).localtime``."""
    tz = site_zone(timezone)
    try:
        made = _time_parse(text, now or _dt.datetime.now(_UTC), tz)
    except Unrepresentable as exc:
        return JekyllDate(Outcome.UNREPRESENTABLE, text, reason=str(exc))
    except RubyArgumentError as exc:
        return JekyllDate(Outcome.REJECTED, text, reason=str(exc))
    try:
        moment = made.moment.astimezone(tz)
    except (ValueError, OverflowError) as exc:
        return JekyllDate(Outcome.UNREPRESENTABLE, text, reason=str(exc))
    return JekyllDate(Outcome.ACCEPTED, text, moment, rolled_over=made.rolled_over)


# --------------------------------------------------------------------------
# From YAML to the string Jekyll parses
# --------------------------------------------------------------------------


class RubySymbol(str):
    """A plain ``:name`` scalar: Psych makes a Symbol, which Jekyll's safe loader refuses."""


_PSYCH_TIME = re.compile(
    r"-?[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t\n\v\f\r]+)[0-9]{1,2}:[0-9][0-9]:[0-9][0-9]"
    r"(?:\.[0-9]*)?(?:[ \t\n\v\f\r]*(?:Z|[-+][0-9]{1,2}:?(?:[0-9][0-9])?))?"
)
_PSYCH_DATE = re.compile(r"[0-9]{4}-(?:1[012]|0[0-9]|[0-9])-(?:[12][0-9]|3[01]|0[0-9]|[0-9])")
_PSYCH_STRINGY = re.compile(r"[^0-9.:-]?(?:[^\W\d]|[ \t\n\v\f\r!@#$%^&*(){}<>|/\\~;=])+")
_PSYCH_FLOAT = re.compile(r"[-+]?(?:[0-9][0-9_,]*)?\.[0-9]*(?:[eE][-+][0-9]+)?")
_PSYCH_INT = re.compile(
    r"[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+"
)


def _line_match(pattern: re.Pattern[str], text: str) -> bool:
    """Ruby's ``^...$``: whole-text on a scalar without newline (Psych made a string of the others)."""
    return pattern.fullmatch(text) is not None


def _psych_time(text: str) -> _dt.datetime | str:
    """Psych's ``parse_time``: no zone means UTC; ``Time.utc`` rolls days over.

    Where Ruby raises ``ArgumentError`` Psych keeps the text as a string.
    """
    parts = re.split(r"[ tT]", text, maxsplit=1)
    if len(parts) < 2:  # only tabs between date and time: Psych itself fails
        return text
    ymd = re.match(r"(-?[0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", parts[0])
    clock = re.search(r"([0-9]+:[0-9]+:[0-9]+)(?:\.([0-9]*))?[ \t\n\v\f\r]*(Z|[-+][0-9]+(?::[0-9][0-9])?)?", parts[1])
    if ymd is None or clock is None:  # pragma: no cover - the caller's pattern guarantees both
        return text
    year, mon, day = (int(g) for g in ymd.groups())
    hour, minute, sec = (int(g) for g in clock.group(1).split(":"))
    usec = int(Fraction(f"0.{clock.group(2)}") * 1_000_000) if clock.group(2) else 0
    try:
        fields, _ = _time_args(year, mon, day, hour, minute, sec, usec)
        wall = _wall(fields)
    except (RubyArgumentError, Unrepresentable):
        return text
    zone = clock.group(3)
    if not zone or zone == "Z":
        return wall.replace(tzinfo=_UTC)
    found = re.fullmatch(r"([+\-]?[0-9]{1,2}):?([0-9]{1,2})?", zone)
    if found is None:  # pragma: no cover - excluded by the caller's pattern
        return text
    hours, minutes = int(found.group(1)), int(found.group(2) or 0)
    offset = hours * 3600 + (-minutes if hours < 0 else minutes) * 60
    if not -86400 < offset < 86400:
        return text
    return wall.replace(tzinfo=_dt.timezone(_dt.timedelta(seconds=offset)))


def psych_scalar(text: str) -> object:
    """What Psych 4 (Jekyll's ``safe_load``) makes of a plain, untagged scalar.

    Returns the Python value standing for Ruby's: str, int, float, bool,
    None, :class:`datetime.date`, an aware :class:`datetime.datetime` (Psych
    reads a timestamp without zone as UTC), or :class:`RubySymbol`.
    """
    if text == "":
        return None
    if _PSYCH_STRINGY.match(text) or "\n" in text:
        if len(text) > 5 or re.match(r"[^ytonf~]", text, re.IGNORECASE):
            return text
        if text == "~" or text.lower() == "null":
            return None
        if text.lower() in ("yes", "true", "on"):
            return True
        if text.lower() in ("no", "false", "off"):
            return False
        return text
    if _line_match(_PSYCH_TIME, text):
        return _psych_time(text)
    if _line_match(_PSYCH_DATE, text):
        y, m, d = (int(p) for p in text.strip().split("-"))
        try:
            return _dt.date(y, m, d)
        except ValueError:
            return text
    if re.fullmatch(r"\+?\.inf", text, re.IGNORECASE):
        return float("inf")
    if re.fullmatch(r"-\.inf", text, re.IGNORECASE):
        return float("-inf")
    if re.fullmatch(r"\.nan", text, re.IGNORECASE):
        return float("nan")
    if text.startswith(":") and len(text) > 1:
        return RubySymbol(text[1:])
    if _line_match(re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2}"), text):
        # Psych's own base 60: the first part counts 60**2 even with two parts
        return sum(_ruby_to_i(n) * 60 ** abs(e - 2) for e, n in enumerate(text.split(":")))
    if _line_match(re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2}\.[0-9_]*"), text):
        return float(sum(_ruby_to_f(n) * 60 ** abs(e - 2) for e, n in enumerate(text.split(":"))))
    if _line_match(_PSYCH_FLOAT, text):
        if re.fullmatch(r"[-+]?\.", text):
            return text
        cleaned = re.sub(r"[,_]|\.([Ee]|$)", lambda m: m.group(1) or "", text)
        try:
            return float(cleaned)
        except ValueError:
            return text
    if _line_match(_PSYCH_INT, text):
        try:
            return _ruby_integer(re.sub(r"[,_]", "", text.strip()))
        except ValueError:
            return text
    return text


def _ruby_to_i(text: str) -> int:
    found = re.match(r"[ \t\n\v\f\r]*([-+]?[0-9]+(?:_[0-9]+)*)", text)
    return int(found.group(1).replace("_", "")) if found else 0


def _ruby_to_f(text: str) -> float:
    found = re.match(r"[ \t\n\v\f\r]*[-+]?[0-9]+(?:_[0-9]+)*(?:\.[0-9]+(?:_[0-9]+)*)?", text)
    return float(found.group(0).replace("_", "")) if found else 0.0


def _ruby_integer(text: str) -> int:
    """Ruby's ``Integer(text)``: prefixes 0b, 0o, 0x and a leading 0 (octal)."""
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    lower = body.lower()
    if lower.startswith(("0b", "0x", "0o")):
        return sign * int(body, 0)
    if len(body) > 1 and body.startswith("0"):
        return sign * int(body[1:], 8)
    return sign * int(body, 10)


def _ruby_float(value: float) -> str:
    """Ruby's ``Float#to_s``: shortest digits, exponent form below 1e-4 and from 1e15."""
    if math.isnan(value):
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0.0" if str(value).startswith("-") else "0.0"
    sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    assert isinstance(exponent, int)
    text = "".join(map(str, digits))
    decpt = len(text) + exponent
    head = "-" if sign else ""
    if -4 < decpt < 16:
        if decpt <= 0:
            return f"{head}0.{'0' * -decpt}{text}"
        if decpt >= len(text):
            return f"{head}{text}{'0' * (decpt - len(text))}.0"
        return f"{head}{text[:decpt]}.{text[decpt:]}"
    mantissa = text[0] + "." + (text[1:] or "0")
    return f"{head}{mantissa}e{decpt - 1:+03d}"


def _ruby_inspect(value: object) -> str:
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("#{", "\\#{")
        escaped = escaped.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
        return f'"{escaped}"'
    if value is None:
        return "nil"
    if isinstance(value, _dt.datetime):
        return ruby_to_s(value)
    if isinstance(value, _dt.date):
        jd = value.toordinal() + 1721425
        return f"#<Date: {ruby_to_s(value)} (({jd}j,0s,0n),+0s,2299161j)>"
    if isinstance(value, list):
        return "[" + ", ".join(_ruby_inspect(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_ruby_inspect(k)}=>{_ruby_inspect(v)}" for k, v in value.items()) + "}"
    return ruby_to_s(value)


def ruby_to_s(value: object) -> str:
    """Ruby's ``to_s`` of the value Psych would have loaded for this one.

    A naive datetime (PyYAML's reading of a timestamp without zone) stands for
    Psych's UTC time. Lists and mappings follow Ruby's ``inspect``.
    """
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, RubySymbol):
        return str.__str__(value)
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _ruby_float(value)
    if isinstance(value, _dt.datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=_UTC)
        offset = moment.utcoffset() or _dt.timedelta(0)
        zone = "UTC" if moment.tzinfo is _UTC else _format_offset(int(offset.total_seconds()))
        return f"{moment.year:04d}-{moment:%m-%d %H:%M:%S} {zone}"
    if isinstance(value, _dt.date):
        return f"{value.year:04d}-{value:%m-%d}"
    if isinstance(value, (list, dict)):
        return _ruby_inspect(value)
    return str(value)


def _format_offset(seconds: int) -> str:
    sign = "-" if seconds < 0 else "+"
    minutes = abs(seconds) // 60
    return f"{sign}{minutes // 60:02d}{minutes % 60:02d}"


def jekyll_front_matter_date(
    value: object,
    *,
    timezone: str | None = None,
    now: _dt.datetime | None = None,
    plain: str | None = None,
) -> JekyllDate:
    """The date Jekyll gives a document whose front matter (or defaults) has ``date:``.

    ``value`` is what PyYAML's safe loader produced. When the caller knows
    the scalar was written plain (unquoted, untagged), ``plain`` is its text:
    the value is then typed as Psych types it, which settles the cases
    where the two loaders disagree (see the module's tests). Every value,
    ``null`` and ``false`` included, goes through ``to_s`` and
    ``Time.parse``: an empty ``date:`` stops the build.
    """
    if plain is not None:
        loaded = psych_scalar(plain)
        if isinstance(loaded, RubySymbol):
            return JekyllDate(Outcome.UNLOADABLE, plain, reason=f"Psych refuses the Symbol :{loaded}")
        return jekyll_parse_date(ruby_to_s(loaded), timezone=timezone, now=now)
    return jekyll_parse_date(ruby_to_s(value), timezone=timezone, now=now)


# --------------------------------------------------------------------------
# File names
# --------------------------------------------------------------------------

#: Jekyll's ``Document::DATE_FILENAME_MATCHER`` is
#: ``^(?>.+/)*?(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)$``: its atomic
#: prefix puts the date at the very start of the path or right after its
#: last slash (not after a leading one: ``.+`` needs a character). This is
#: the rest of it, matched at one of those two places.
DATE_FILENAME_MATCHER = re.compile(r"([0-9]{2,4}-[0-9]{1,2}-[0-9]{1,2})-([^/]*)(\.[^.]+)$")


def _match_filename(path: str) -> re.Match[str] | None:
    found = DATE_FILENAME_MATCHER.match(path)
    if found is None:
        slash = path.rfind("/")
        if slash >= 1 and "\n" not in path[:slash]:
            found = DATE_FILENAME_MATCHER.match(path, slash + 1)
    return found


class DatedFilename(NamedTuple):
    """A post path as Jekyll's date matcher splits it.

    ``written`` is the calendar date the name spells (two-digit years
    completed as Ruby does: 00-68 are 20YY, 69-99 are 19YY; three digits
    are a year of that number), or None when no such day exists.
    """

    date_text: str
    slug: str
    ext: str
    written: _dt.date | None

    @property
    def year_digits(self) -> int:
        return len(self.date_text.split("-", 1)[0])

    @property
    def jekyll_day(self) -> _dt.date | None:
        """The day Jekyll dates the post by its name, or None when the build stops.

        Midnight in the site's zone, so the same day whatever the zone. Days
        29-31 past the month's end roll over (``2019-02-29`` is March 1st).
        """
        result = jekyll_parse_date(self.date_text)
        return result.moment.date() if result.moment is not None else None


def match_dated_filename(path: str) -> DatedFilename | None:
    """Split ``[dirs/]YYYY-MM-DD-slug.ext`` as Jekyll does; None when it has no date."""
    found = _match_filename(path)
    if found is None:
        return None
    text, slug, ext = found.groups()
    y, m, d = text.split("-")
    year = int(y)
    if len(y) <= 2:
        year += 1900 if year >= 69 else 2000
    try:
        written: _dt.date | None = _dt.date(year, int(m), int(d))
    except ValueError:
        written = None
    return DatedFilename(text, slug, ext, written)


def jekyll_filename_date(
    path: str, *, timezone: str | None = None, now: _dt.datetime | None = None
) -> JekyllDate | None:
    """The date Jekyll takes from a post's file name (when front matter gives none).

    None when the name carries no date. Midnight in the site's zone; a day
    29-31 past the month's end rolls over; month 0 or 13+, day 0 or 32+
    stop the build.
    """
    found = match_dated_filename(path)
    if found is None:
        return None
    return jekyll_parse_date(found.date_text, timezone=timezone, now=now)
