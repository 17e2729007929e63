"""The language an offer is written in, so that it is checked against the
section names of its own language.

In order: the front matter's ``lang`` (or ``language``, ``locale``; Jekyll
``defaults:`` of ``_config.yml`` included), a folder named after a language
that has a section set (``en/_posts/``, ``_offres/en/``) or any language
code with a region or script (``zh-hant/``), the text itself when it
clearly reads as French, English or neither ("other": no section set);
else ``[jobs] lang``, the site's ``_config.yml`` ``lang``, then French.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from postlint.core.document import Post
from postlint.rules.jobs.options import JobsOptions, normalise_lang
from postlint.rules.jobs.text import fold_raw

if TYPE_CHECKING:  # pragma: no cover
    from postlint.jekyll import SiteConfig

__all__ = ["LANG_KEYS", "guess_text_language", "offer_language"]

LANG_KEYS = ("lang", "language", "locale")

# Function words: frequent, short, and rarely shared by the two languages.
_WORDS = {
    "fr": frozenset(["le", "la", "les", "des", "du", "de", "et", "est", "une", "un", "pour", "que", "qui", "dans", "sur", "avec", "nous", "vous", "tu", "ton", "ta", "tes", "votre", "vos", "notre", "nos", "au", "aux", "ce", "cette", "ces", "sont", "pas", "par", "plus", "ou", "ses", "leur"]),
    "en": frozenset(["the", "and", "of", "to", "is", "are", "for", "with", "you", "your", "we", "our", "this", "that", "will", "be", "an", "in", "on", "as", "at", "by", "from", "who", "what", "how", "have", "has", "can", "not", "or", "their", "they"]),
}
# Each unclosed opener must fail at the next opener, not scan to the end
# (59,000 ``{`` on one line took 10 s): no alternative crosses its own opener.
_NOISE_RE = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`|<[^<>\n]*>|https?://\S+|\]\([^()\n]*\)|\{[%{][^{}]*[%}]\}",
                       re.DOTALL)
_WORD_RE = re.compile(r"[^\W\d_]+")
_REGIONAL_RE = re.compile(r"^[a-z]{2,3}[-_](?:[a-z]{2}|[0-9]{3}|[a-z]{4})$", re.IGNORECASE)


#: a text in another language: "other" (its sections cannot be checked).
OTHER = "other"


def _mostly_latin(text: str) -> bool:
    letters = [c for c in text[:4000] if c.isalpha()]
    if len(letters) < 40:
        return True
    latin = sum(1 for c in letters if c < "\u0250" or "LATIN" in unicodedata.name(c, ""))
    return latin * 2 >= len(letters)


def guess_text_language(text: str) -> str | None:
    """"fr" or "en" when the text clearly reads as one of them, "other"
    when it clearly reads as neither (another script, or many words and no
    French or English ones), else None."""
    prose = _NOISE_RE.sub(" ", text)
    if not _mostly_latin(prose):
        return OTHER
    words = _WORD_RE.findall(fold_raw(prose))
    counts = {lang: sum(w in vocabulary for w in words) for lang, vocabulary in _WORDS.items()}
    (best, top), (_, second) = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)[:2]
    if top >= 3 and top >= 2 * second:
        return best
    if len(words) >= 40 and top * 25 < len(words):
        return OTHER
    return None


def _declared(front_matter: Mapping[str, Any]) -> str | None:
    for key in LANG_KEYS:
        value = front_matter.get(key)
        if isinstance(value, str) and value.strip():
            return normalise_lang(value)
    return None


def offer_language(post: Post, options: JobsOptions, site: SiteConfig | None) -> tuple[str, str]:
    """The offer's language and what told it: "front-matter", "folder",
    "text", "config", "site" or "default"."""
    fm = post.front_matter or {}
    found = _declared(fm)
    if found is None and site is not None and site.defaults:
        from postlint import jekyll

        try:
            found = _declared(jekyll.effective_front_matter(post.relpath, fm, site))
        except (TypeError, ValueError, KeyError):  # a defaults quirk must not stop the check
            found = None
    if found:
        return found, "front-matter"
    known = options.languages()
    for folder in post.relpath.split("/")[:-1]:
        name = folder.lstrip("_")
        lang = normalise_lang(name)
        # a language with a section set (`en`), or any code with a region or
        # script (`pt-br`, `zh-hant`): short folder names are often not languages (`js`)
        if (lang in known and len(name) <= 5) or _REGIONAL_RE.match(name):
            return lang, "folder"
    title = fm.get("title") if isinstance(fm.get("title"), str) else ""
    guessed = guess_text_language(f"{title}\n{post.body}")
    if guessed:
        return guessed, "text"
    site_lang = site.lang if site is not None and site.lang else None
    how = "config" if options.lang else "site" if site_lang else "default"
    return options.main_lang(site_lang), how
