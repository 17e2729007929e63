"""Path globs as regular expressions: one translation for the whole project.

``*`` and ``?`` stay within a folder, ``**/`` spans any number of folders,
``[...]`` is a character class. Patterns are matched against repo-relative
POSIX paths, anchored at both ends (:func:`glob_match`, or by the caller).
"""

from __future__ import annotations

import fnmatch
import re
from functools import lru_cache


@lru_cache(maxsize=512)
def translate(pattern: str) -> str:
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and pattern.find("]", i + 1) != -1:
            end = pattern.find("]", i + 1)
            out.append(fnmatch.translate(pattern[i : end + 1])[4:-3])
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "".join(out)


@lru_cache(maxsize=512)
def _folder_regex(pattern: str) -> re.Pattern[str]:
    # a folder pattern matches what is inside it
    return re.compile(translate(pattern) + "(?:/.*)?")


def glob_match(relpath: str, pattern: str) -> bool:
    """Match a repo-relative POSIX path; ``*`` stays within a folder, ``**``
    crosses folders; patterns are anchored at the repo root, and a folder
    matches the files inside it."""
    return _folder_regex(pattern.strip("/")).fullmatch(relpath) is not None
