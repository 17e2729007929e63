"""The inputs of the differential test of ``postlint.jekyll.ruby_time`` (see test_ruby_time.py).

Hand-written values seen on real sites and in editors' habits (English and
French), impossible and ambiguous dates, garbage, plus a deterministic batch
of generated ones. Changing this table means regenerating the expectations:
``python tests/test_ruby_time.py --regenerate`` (needs ruby and jekyll).
"""

from __future__ import annotations

import random
from typing import Any

#: The current time every case pretends it is (fills missing years, days...).
#: In Paris and Kolkata it is already 2025: the year a value lacks differs by zone.
NOW = "2024-12-31T23:30:00.25Z"

ZONES = ("UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata")

TEXTS = [
    # seen on real sites
    "June 2, 2020", "2016-03-21 12:00 EDT", "2016-03-21 22:00 EDT", "2023-01-29 18:30:22 2023 -0800",
    "2018-04-24 15:00:00 +0200", "2018-04-24 01:00:00 +0200", "2020-01-05", "2020-01-05 10:00:00",
    "2020-01-05T10:00:00Z", "2020-01-05T10:00:00.123456+01:00", "2020-01-05 10:00:00 UTC",
    "2020-01-05 10:00:00 GMT", "2020-01-05 10:00 PST", "2020-01-05 10:00 PDT", "2020-01-05 10:00 CST",
    "2020-01-05 10:00 MST", "2020-01-05 10:00 CET", "2020-07-05 10:00 CEST", "2020-01-05 10:00 IST",
    "2020-01-05 10:00 JST", "2020-01-05 10:00 BST", "2020-01-05 10:00 Z", "2020-01-05 10:00 z",
    "2020-01-05 10:00 +2", "2020-01-05 10:00 +02", "2020-01-05 10:00 -08:00", "2020-01-05 10:00 -0800",
    "2020-01-05 10:00 +05:30", "2020-01-05 10:00 GMT+2", "2020-01-05 10:00 UTC+02:00",
    "2020-01-05 10:00 Eastern Standard Time", "2020-01-05 10:00 a", "2020-01-05 10:00 +02:00:30",
    "Tue, 02 Jun 2020 10:00:00 +0000", "Tuesday, June 2, 2020", "Tuesday June 2nd 2020 at 5pm",
    "2 June 2020", "2nd June 2020", "June 2nd, 2020", "Jun 2 2020", "Jun. 2, 2020", "2-Jun-2020",
    "Jun-2-2020", "June 2020", "June 2", "2 June", "June", "Monday", "December 31, 1999 11:59 pm",
    "12:00 AM", "12:30 p.m.", "10:00", "10:00:00", "10h30", "10h", "noon", "5pm", "2020", "20", "5",
    "0", "20200105", "20200105T103000", "20200105 103000", "200105", "2020-100", "20-100", "2020100",
    "12345", "123456789", "2020-W10", "2020-W10-3", "--06-02", "'20", "2020/06/02", "06/02/2020",
    "6/2/20", "02.06.2020", "2.6.20", "2020.06.02", "H31.04.30", "R1.05.01", "5 BC", "2020-01-05 BC",
    # French habits
    "2 juin 2020", "le 2 juin 2020", "1er juin 2020", "2 janvier 2020", "2 février 2020",
    "2 mars 2020", "2 avril 2020", "2 mai 2020", "2 juillet 2020", "2 août 2020", "2 septembre 2020",
    "2 octobre 2020", "2 novembre 2020", "2 décembre 2020", "mardi 2 juin 2020", "lundi 1 juin 2020",
    "2 juin 2020 à 10h30", "02/06/2020 10:30", "2020-06-02 10h30", "juin 2020", "Mis à jour le 2020-06-02",
    "2020-06-02 18:30 heure de Paris",
    # impossible, rolled over, out of range
    "2020-02-29", "2019-02-29", "2020-02-30", "2020-02-31", "2019-02-31", "2020-04-31", "2020-06-31",
    "2020-13-01", "2020-00-10", "2020-01-00", "2020-01-32", "2020-1-5", "20-1-5", "69-1-5", "68-12-31",
    "100-01-05", "0020-01-05", "0000-01-01", "10000-01-01", "2020-01-05 24:00", "2020-01-05 24:00:01",
    "2020-01-05 25:00", "2020-01-05 10:60", "2020-01-05 10:00:60", "2020-01-05 10:00:61",
    "2020-02-30 23:30 -0800", "2020-02-29 23:30 -0800", "2020-12-31 23:30 -0800",
    "2020-01-01 00:30 +0200", "2020-03-01 00:30 +0200", "2020-01-05 25:00 +0100", "2020-01-05 24:00 -0100",
    # daylight saving: a skipped hour, a repeated hour
    "2020-03-08 02:30", "2020-11-01 01:30", "2020-03-29 02:30", "2020-10-25 02:30", "2020-03-29 02:30 CET",
    # garbage
    "", " ", "TBD", "today", "now", "yesterday", "hello world", "yes", "null", "true", "Date", "UTC",
    "EST", "lorem 2020 ipsum", "v1.2.3", "1.2", "3.14159", "1e3", "#2020", "[2020-01-05]", "2020‐01‐05",
    "２０２０-01-05", "٢٠٢٠-01-05", "ééé 2020-01-05", "x" * 129, "é" * 64, "é" * 65,
    " 2020-01-05 ", "\t2020-01-05\n", "2020_01_05", "2020 01 05", "5 5 5", "Fri Jun  5 10:00:00 2020",
]  # fmt: skip

_MONTHS = ["January", "Feb", "mar", "APRIL", "May", "jun.", "Sept", "octobre", "Nov", "Dec"]
_ZONE_WORDS = ["", " UTC", " +0100", " -05:00", " EST", " PDT", " CEST", " foo", " +1", "Z"]


def _generated(count: int = 160) -> list[str]:
    """Formats editors write, filled with ordinary and edge values."""
    rng = random.Random(20240615)
    years = ["2020", "1999", "2024", "1970", "69", "68", "00", "99", "5", "999", "0001"]
    out: list[str] = []
    while len(out) < count:
        y, mo = rng.choice(years), rng.randint(0, 13)
        d, h, mi, s = rng.choice([1, 2, 9, 28, 29, 30, 31, 32, 0]), rng.randint(0, 25), rng.choice([0, 5, 59, 60]), rng.choice([0, 30, 59, 60])
        zone, month = rng.choice(_ZONE_WORDS), rng.choice(_MONTHS)
        pick = rng.randrange(9)
        if pick == 0:
            text = f"{y}-{mo:02d}-{d:02d}"
        elif pick == 1:
            text = f"{y}-{mo}-{d} {h}:{mi:02d}{zone}"
        elif pick == 2:
            text = f"{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{zone}"
        elif pick == 3:
            text = f"{month} {d}, {y}"
        elif pick == 4:
            text = f"{d} {month} {y} {h}:{mi:02d}{zone}"
        elif pick == 5:
            text = f"{d:02d}/{mo:02d}/{y}"
        elif pick == 6:
            text = f"{y}{mo:02d}{d:02d}"
        elif pick == 7:
            text = f"{h}:{mi:02d}:{s:02d}{zone}"
        else:
            text = f"{d}.{mo}.{y} {h}h{mi:02d}"
        if text not in out and text not in TEXTS:
            out.append(text)
    return out


YAML_VALUES = [
    "2020-01-05", "2020-1-5", "2020-01-05 10:00:00", "2020-01-05 23:30:00", "2020-01-05 23:30",
    "2020-01-05 10:00:00 +2", "2020-01-05 10:00:00 +02:00", "2020-01-05 10:00:00 +0200",
    "2020-01-05 10:00:00 -00:30", "2020-01-05T10:00:00Z", "2020-01-05t10:00:00z", "2020-01-05 10:00",
    "2020-01-05  10:00:00", "2020-01-05 10:00:00.123456", "'2020-01-05 10:00:00'", '"2020-01-05"',
    "'2020-01-05 23:30:00'", "2020-02-30", "2020-02-30 10:00:00", "2020-02-30 23:30:00",
    "2020-01-05 24:00:00", "2020-01-05 23:30:00 +200", "2020-13-01", "2020-13-01 10:00:00", "20200105",
    "2020.0105", "10:30", "1:30:00", "1:2:3:4", "yes", "~", "", "false", "0", "1_000", "1,000", "0x10",
    "012", "1e3", "1.5", ".inf", "June 2, 2020", "2016-03-21 12:00 EDT", "2023-01-29 18:30:22 2023 -0800",
    "2018-04-24 15:00:00 +0200", "mardi 2 juin 2020", "!!str 2020-01-05", "[2020-01-05]", "{a: 2020-01-05}",
    ":soon", "0000-01-05",
]  # fmt: skip

FILENAMES = [
    "_posts/2020-01-05-foo.md", "_posts/20-1-5-foo.md", "_posts/69-01-05-x.md", "_posts/68-01-05-x.md",
    "_posts/00-01-05-x.md", "_posts/100-01-05-x.md", "_posts/0020-01-05-x.md", "_posts/2019-02-29-x.md",
    "_posts/2020-02-29-x.md", "_posts/2020-02-30-x.md", "_posts/2020-02-31-x.md", "_posts/2020-04-31-x.md",
    "_posts/2020-13-01-x.md", "_posts/2020-00-01-x.md", "_posts/2020-01-00-x.md", "_posts/2020-01-32-x.md",
    "_posts/2020-1-99-x.md", "_posts/sub/2020-01-05-foo.md", "_posts/2020-01-05-foo.bar.md",
    "_posts/2020-01-05-.md", "_posts/2020-01-05-foo", "_posts/2020-01-05-a/b.md", "_posts/2020-01-05-a.b/c",
    "_posts/2020-01-05-foo.", "_posts/x2020-01-05-foo.md", "_posts/12020-01-05-foo.md", "2020-01-05-foo.md",
    "2020-01-05-a.b/c", "/2020-01-05-foo.md", "en/_posts/2020-01-05-foo.html", "_posts/2020-01-05foo.md",
    "_posts/2020-01-05-foo.md~", "_posts/2020-01-05-été.md", "_posts/2020-1-5-x.markdown",
]  # fmt: skip


def cases() -> list[dict[str, Any]]:
    """Every case, in a fixed order."""
    out: list[dict[str, Any]] = []
    for text in TEXTS + _generated():
        for tz in ZONES:
            out.append({"kind": "parse", "text": text, "tz": tz})
    for value in YAML_VALUES:
        for tz in ZONES[:2]:
            out.append({"kind": "yaml", "yaml": f"date: {value}\n", "tz": tz})
    for path in FILENAMES:
        for tz in ZONES[:2]:
            out.append({"kind": "filename", "path": path, "tz": tz})
    return out
