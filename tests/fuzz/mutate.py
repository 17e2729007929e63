"""Mutations of seed posts: character, token, line, front-matter and size
mutations, stacked, from a seeded :class:`random.Random` (reproducible).

The growth mutations build the shapes that made regular expressions
quadratic: one unit repeated over a long line or a long paragraph, a slice
copied many times, brackets nested deep.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

#: Markdown, HTML, Liquid and kramdown syntax, and what French prose is made of.
BODY_TOKENS = (
    "[", "]", "(", ")", "](", "[a](", "[a][b]", "[^1]", "[^1]: note", "![", "![a](", "](<", "](\\", "<", ">", "</",
    "<a href=\"", "<a href='/x.html'>", "</a>", "<div>", "</div>", "<div markdown=\"1\">", "<script>", "</script>",
    "<pre>", "<!--", "-->", "<?", "?>", "<![CDATA[", "]]>", "<!DOCTYPE", "<br/>", "<img src=\"/img/x.png\">",
    "`", "``", "```", "~~~", "    ", "\t", "*", "**", "_", "__", "~~", "\\", "\\*", "&", "&amp;", "&#x41;", "&eacute;",
    "{", "}", "{%", "%}", "{{", "}}", "{% raw %}", "{% endraw %}", "{% comment %}", "{% endcomment %}",
    "{% highlight ruby %}", "{% endhighlight %}", "{% post_url 2021-06-01-bienvenue %}", "{% post_url ",
    "{% link _posts/2021-06-01-bienvenue.md %}", "{{ site.baseurl }}", "{{ site.url }}/", "{: .note}", "{:#id}",
    "{#id}", "{: #x .y}", ":smile:", "#", "# ", "## ", "###### ", " #", "> ", ">", "- ", "* ", "+ ", "1. ", "1) ",
    "---", "***", "===", "|", "| a | b |", "|---|---|", ":", ";", "!", "?", "?!", "«", "»", "« ", " »", "\"", "'",
    "’", "…", "...", "....", "etc...", " - ", " -- ", ",", " ,", ".", " .", "2ème", "1ère", "XIXème", "2nd", "3è",
    "l'", "aujourd’hui", "http://", "https://", "http://[oops", "https://example.org/a_(b)", "www.", "mailto:",
    "mailto:a@b", "a@b.c", "@", "contact@example.org", "tel:", "avant le ", "jusqu'au ", "date limite : ",
    "deadline: ", "before ", "16 mars 2020", "31/02/2021", "9999-12-31", "0001-01-01", "le 5 février",
    "lundi 7 janvier", "Vos missions", "Rejoignez-nous", "Offre d'emploi", "offre de stage", "[OFFRE POURVUE]",
    "_Cette offre a été pourvue._", "<!-- postlint-disable -->", "<!-- postlint-enable -->",
    "<!-- postlint-disable-next-line PL601 -->", "<!-- postlint-disable-file -->", "\u00a0", "\u202f", "\u200b",
    "\ufeff", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x00", "\r", "\r\n", "\n", "\n\n", "é", "É", "😀",
    "\u0301", "ǅ", "ﬁ", "İ", "ß", "\U0001f1eb\U0001f1f7", "Ω", "a", " ", "  ",
)
#: YAML syntax for the front matter.
YAML_TOKENS = (
    ": ", ":", "- ", "-", "? ", "&a ", "*a", "&b ", "*b", "<<: *a", "!!timestamp ", "!!binary ", "!!int ",
    "!!float ", "!!bool ", "!!str ", "!!null ", "!!set ", "!!omap ", "!!pairs ", "!!seq ", "!!map ", "!!python/name:os.system ",
    "!custom ", "!<tag:yaml.org,2002:str> ", "|", "|-", ">", ">+", "'", "''", "\"", "\\\"", "\\x41", "\\u00e9",
    "\\", "[", "]", "{", "}", ",", "#", " #", "\t", "%YAML 1.1", "---", "...", "~", "null", "true", "yes", "no",
    "on", "0x1F", "0o17", "1_000", "1e999", ".nan", "-.inf", "2020-02-30", "2020-01-01T00:00:00+24:00",
    "2019-12-31 23:59:59 -05:00", "9999-12-31 23:59:59 -05:00", "0001-01-01 00:00:00 +05:00", "12:30:00",
    "99999999999999999999999999999999999999999", "title", "tags", "date", "categories", "layout", "permalink",
    "published", "lang", "deadline", "filled", "open", "nom", "image", "description", "twitter", "author",
)
#: replacements for a whole front-matter value.
YAML_VALUES = (
    "&c [*c]", "&r [*r]", "&m {a: *m}", "&a [x, x]", "[*a, *a]", "!!timestamp x", "!!binary aGVsbG8=",
    "!!binary x", "!!int " + "9" * 40, "!!int x", "!!bool maybe", "!!float x", "!!set {a, b}", "!!omap [a: 1]",
    "!!pairs [a: 1]", "!!null x", "!!str", "[]", "{}", "~", "''", "\"\"", "[[[[[[]]]]]]", "{a: {b: {c: [d]}}}",
    "2020-01-01T00:00:00+24:00", "9999-12-31", "0001-01-01", "2020-02-30", "1e999", ".nan", "-1", "0", "true",
    "[design, design, Design]", "[xxx, todo, ' espace ']", "design méthode", "|\n  bloc\n  de texte",
    ">-\n  plié\n  ici", "'l''apostrophe'", "\"\\u00e9\\t\\x41\"", "[a, [b, [c]]]", "- un\n  - deux",
)
_LINE_BREAK = re.compile(r"\r\n?|\n")


class Mutator:
    """Stacked random mutations of texts; ``max_size`` bounds the result."""

    def __init__(self, rng: random.Random, donors: list[str], *, max_size: int = 150_000,
                 big: float = 0.1) -> None:
        self.rng = rng
        self.donors = donors  # texts spliced in
        self.max_size = max_size
        self.big = big  # probability that one growth mutation is applied
        self.small_ops: list[Callable[[str], str]] = [
            self.insert_token, self.insert_token, self.insert_token, self.insert_char, self.delete_range,
            self.replace_char, self.duplicate_range, self.swap_lines, self.duplicate_line, self.delete_line,
            self.line_endings, self.yaml_value, self.yaml_token, self.splice, self.move_across_front_matter,
            self.indent_line, self.wrap,
        ]
        self.big_ops: list[Callable[[str], str]] = [self.repeat_unit, self.repeat_slice, self.nest, self.long_lines]

    def mutate(self, text: str) -> str:
        for _ in range(self.rng.choice((1, 1, 2, 2, 3, 4, 6))):
            text = self.rng.choice(self.small_ops)(text)
        if self.rng.random() < self.big:
            text = self.rng.choice(self.big_ops)(text)
        return text[: self.max_size]

    def to_bytes(self, text: str) -> bytes:
        """The file's bytes: UTF-8, sometimes with a BOM, an invalid byte or a NUL."""
        data = text.encode("utf-8", "surrogatepass")
        roll = self.rng.random()
        if roll < 0.02:
            return b"\xef\xbb\xbf" + data
        if roll < 0.03 and data:
            at = self.rng.randrange(len(data))
            return data[:at] + self.rng.choice((b"\xff", b"\xc3", b"\xe9", b"\x00")) + data[at:]
        return data

    # -- helpers -----------------------------------------------------------------------
    def _pos(self, text: str) -> int:
        return self.rng.randint(0, len(text))

    def _front_matter_end(self, text: str) -> int:
        m = re.search(r"^(?:---|\.\.\.)[ \t]*\r?$", text[4:], re.MULTILINE) if text.startswith("---") else None
        return m.start() + 4 if m else 0

    def _body_pos(self, text: str) -> int:
        return self.rng.randint(self._front_matter_end(text), len(text))

    # -- small mutations -----------------------------------------------------------------
    def insert_token(self, text: str) -> str:
        at = self._body_pos(text) if self.rng.random() < 0.8 else self._pos(text)
        token = self.rng.choice(BODY_TOKENS)
        return text[:at] + token + text[at:]

    def yaml_token(self, text: str) -> str:
        end = self._front_matter_end(text)
        at = self.rng.randint(0, end) if end else self._pos(text)
        return text[:at] + self.rng.choice(YAML_TOKENS) + text[at:]

    def yaml_value(self, text: str) -> str:
        """Replace the value of a front-matter key."""
        end = self._front_matter_end(text)
        keys = list(re.finditer(r"^([\w-]+):[ \t]*(.*)$", text[:end], re.MULTILINE))
        if not keys:
            return self.yaml_token(text)
        m = self.rng.choice(keys)
        return text[: m.start(2)] + self.rng.choice(YAML_VALUES) + text[m.end(2) :]

    def insert_char(self, text: str) -> str:
        at = self._pos(text)
        ch = chr(self.rng.choice((self.rng.randint(0, 0x7F), self.rng.randint(0x80, 0x2FFF),
                                  self.rng.randint(0x1F300, 0x1F6FF))))
        return text[:at] + ch + text[at:]

    def replace_char(self, text: str) -> str:
        if not text:
            return text
        at = self.rng.randrange(len(text))
        return text[:at] + self.rng.choice(BODY_TOKENS + YAML_TOKENS)[:1] + text[at + 1 :]

    def delete_range(self, text: str) -> str:
        if not text:
            return text
        at = self.rng.randrange(len(text))
        return text[:at] + text[at + self.rng.choice((1, 1, 2, 5, 20, 200)) :]

    def duplicate_range(self, text: str) -> str:
        a = self._pos(text)
        b = min(len(text), a + self.rng.choice((1, 3, 10, 40, 200)))
        return text[:b] + text[a:b] + text[b:]

    def _lines(self, text: str) -> list[str]:
        return text.splitlines(keepends=True) or [""]

    def swap_lines(self, text: str) -> str:
        lines = self._lines(text)
        i, j = self.rng.randrange(len(lines)), self.rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        return "".join(lines)

    def duplicate_line(self, text: str) -> str:
        lines = self._lines(text)
        i = self.rng.randrange(len(lines))
        lines.insert(i, lines[i])
        return "".join(lines)

    def delete_line(self, text: str) -> str:
        lines = self._lines(text)
        del lines[self.rng.randrange(len(lines))]
        return "".join(lines)

    def indent_line(self, text: str) -> str:
        lines = self._lines(text)
        i = self.rng.randrange(len(lines))
        lines[i] = self.rng.choice(("  ", "    ", "\t", "> ", "- ", "1. ", "# ", "| ")) + lines[i]
        return "".join(lines)

    def move_across_front_matter(self, text: str) -> str:
        """Move a line from the body into the front matter, or the reverse."""
        lines = self._lines(text)
        i, j = self.rng.randrange(len(lines)), self.rng.randrange(len(lines))
        lines.insert(j, lines.pop(i))
        return "".join(lines)

    def line_endings(self, text: str) -> str:
        ending = self.rng.choice(("\r\n", "\r", "mixed"))
        if ending != "mixed":
            return _LINE_BREAK.sub(ending, text)
        return _LINE_BREAK.sub(lambda _m: self.rng.choice(("\n", "\r\n", "\r")), text)

    def splice(self, text: str) -> str:
        donor = self.rng.choice(self.donors)
        a = self.rng.randint(0, len(donor))
        piece = donor[a : a + self.rng.choice((10, 80, 400))]
        at = self._pos(text)
        return text[:at] + piece + text[at:]

    def wrap(self, text: str) -> str:
        """Put a range between an opening and a closing delimiter (or only one of them)."""
        a = self._body_pos(text)
        b = min(len(text), a + self.rng.choice((1, 5, 30, 300)))
        left, right = self.rng.choice((("[", "](/x.html)"), ("`", "`"), ("**", "**"), ("<span>", "</span>"),
                                       ("{{ ", " }}"), ("{% raw %}", "{% endraw %}"), ("<!--", "-->"), ("\"", "\""),
                                       ("« ", " »"), ("(", ")"), ("<", ">"), ("[", "]")))
        if self.rng.random() < 0.3:
            right = ""
        return text[:a] + left + text[a:b] + right + text[b:]

    # -- growth mutations -------------------------------------------------------------------
    def _target_size(self, text: str) -> int:
        return max(0, min(self.max_size, self.rng.choice((5_000, 20_000, 60_000, 100_000))) - len(text))

    def repeat_unit(self, text: str) -> str:
        """A short unit repeated over a long run: the shape of most quadratic scans."""
        unit = self.rng.choice(BODY_TOKENS) if self.rng.random() < 0.7 else self.rng.choice(YAML_TOKENS)
        if self.rng.random() < 0.3:
            unit += self.rng.choice(("a", " ", "a ", "\n"))
        unit = unit or "a"
        count = max(1, self._target_size(text) // len(unit))
        at = self._body_pos(text) if self.rng.random() < 0.85 else self._pos(text)
        return text[:at] + unit * count + text[at:]

    def repeat_slice(self, text: str) -> str:
        a = self._pos(text)
        piece = text[a : a + self.rng.choice((5, 30, 200, 2000))] or "a"
        count = max(1, self._target_size(text) // len(piece))
        return text[:a] + piece * count + text[a:]

    def long_lines(self, text: str) -> str:
        """Join the body's lines into one, or into one paragraph of many lines."""
        end = self._front_matter_end(text)
        cut = text.find("\n", end) + 1 if end else 0
        body = text[cut:]
        joiner = self.rng.choice((" ", "", "\n"))
        copies = max(1, self._target_size(text) // max(1, len(body)))
        return text[:cut] + joiner.join([body.replace("\n\n", "\n").replace("\n", joiner)] * copies)

    def nest(self, text: str) -> str:
        left, right = self.rng.choice((("[", "]"), ("(", ")"), ("> ", ""), ("<div>", "</div>"), ("{", "}"),
                                       ("- ", ""), ("*", "*"), ("[", "](x)"), ("{{", "}}"), ("`", "`")))
        depth = self.rng.choice((50, 200, 1000, 5000))
        if self.rng.random() < 0.2:
            end = self._front_matter_end(text)
            m = re.search(r"^title:.*$", text[:end], re.MULTILINE)
            if m:  # deep YAML
                deep = "[" * depth + "]" * depth
                return text[: m.start()] + "x: " + deep + "\n" + text[m.start() :]
        at = self._body_pos(text)
        return text[:at] + left * depth + "mot" + right * depth + text[at:]
