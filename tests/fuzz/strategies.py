"""Hypothesis strategies for posts: a front matter of likely and unlikely
YAML, and a Markdown body of blocks and inline markup, in French mostly,
with any line endings."""

from __future__ import annotations

from hypothesis import strategies as st

from .harness import TARGETS

_WORDS = ("le", "la", "programme", "équipe", "données", "the", "and", "open", "data", "été", "Œuvre", "naïf",
          "aujourd'hui", "l’équipe", "2ème", "XIXème", "1ère", "etc", "3D", "10:30", "Vos missions",
          "Rejoignez-nous", "Offre d'emploi", "avant le 16 mars 2020", "jusqu'au 3 mars", "date limite : 15/03/2020",
          "by 1 June 2024", "9999-12-31")
_SIGNS = (":", " :", "\u00a0:", ";", " ;", "!", " !", "?", " ?", "?!", "«", "« ", "»", " »", "\"", "'", "’",
          "...", "…", " - ", " -- ", ",", " ,", ".", " .", "  ", "\t", "(", ")", "[", "]", "*", "_", "\\", "&", "#",
          "{", "}", "%", "<", ">", "|", "`", "@", "/", "\u202f", "\u200b", "\u2028", "\x85", "😀")
_URLS = ("/programme.html", "/contact.html#x", "#titre", "https://example.org/a_(b)", "http://example.org", "http://[oops",
         "mailto:equipe@example.org", "mailto:a@b", "mailto:", "/img/blog/atelier.png", "/img/absente.png",
         "../../../../x.html", "{{ site.baseurl }}/programme.html", "{% post_url 2021-06-01-bienvenue %}",
         "{% post_url absent %}", "{% link programme.md %}", "<a b>", "", "/Programme.html", "//example.org/x",
         "tel:+33", "javascript:x")

words = st.sampled_from(_WORDS) | st.text(alphabet="abcdéèàçôœABZ019-'", min_size=1, max_size=12)


@st.composite
def inline(draw: st.DrawFn) -> str:
    """One piece of a line of prose."""
    kind = draw(st.integers(0, 17))
    word = draw(words)
    url = draw(st.sampled_from(_URLS))
    if kind == 0:
        return f"[{word}]({url})"
    if kind == 1:
        return f"![{word}]({url})"
    if kind == 2:
        return "`" * draw(st.integers(1, 3)) + word + "`" * draw(st.integers(0, 3))
    if kind == 3:
        mark = draw(st.sampled_from(("*", "**", "_", "__", "~~")))
        return mark + word + draw(st.sampled_from((mark, "")))
    if kind == 4:
        return f"<{url}>" if url.startswith(("http", "mailto")) else f"<a href=\"{url}\">{word}</a>"
    if kind == 5:
        return draw(st.sampled_from(("contact@example.org", "a@b", "x.y+z@example.gouv.fr.", "@", "a@b.c")))
    if kind == 6:
        return draw(st.sampled_from(("{{ page.title }}", "{% if x %}", "{% endif %}", "{% raw %}", "{% endraw %}",
                                     "{{", "{%", "}}", "%}", "{% include encart.html %}")))
    if kind == 7:
        return draw(st.sampled_from(("&eacute;", "&amp;", "&#233;", "&#x;", "&nbsp;", "\\*", "\\", "[^1]", ":smile:",
                                     "<!-- x -->", "<!--", "-->", "<br/>", "<span class='x'>", "</span>", "<?x?>")))
    if kind == 8:
        return f"[{word}][{draw(st.sampled_from(('ref', 'absent', '')))}]"
    if kind == 9:
        return f"{{: #{word}}}" if draw(st.booleans()) else f"{{#{word}}}"
    if kind <= 13:
        return draw(st.sampled_from(_SIGNS))
    return word


@st.composite
def line(draw: st.DrawFn) -> str:
    parts = draw(st.lists(inline(), min_size=1, max_size=12))
    return "".join(p if i == 0 or draw(st.booleans()) else " " + p for i, p in enumerate(parts))


@st.composite
def block(draw: st.DrawFn) -> str:
    """One Markdown block, without its trailing blank line."""
    kind = draw(st.integers(0, 14))
    text = draw(line())
    if kind == 0:
        return "#" * draw(st.integers(1, 7)) + draw(st.sampled_from((" ", "", "  "))) + text + draw(
            st.sampled_from(("", " #", " ##", " {#ancre}")))
    if kind == 1:
        return text + "\n" + draw(st.sampled_from(("===", "---", "-")))
    if kind == 2:
        marker = draw(st.sampled_from(("- ", "* ", "1. ", "2) ", "- [ ] ")))
        items = draw(st.lists(line(), min_size=1, max_size=4))
        return "\n".join(draw(st.sampled_from(("", "  ", "    "))) + marker + item for item in items)
    if kind == 3:
        return "\n".join("> " + ln for ln in draw(st.lists(line(), min_size=1, max_size=3)))
    if kind == 4:
        fence = draw(st.sampled_from(("```", "~~~", "````")))
        return f"{fence}{draw(st.sampled_from(('', 'python', 'yaml')))}\n{text}\n" + draw(st.sampled_from((fence, "")))
    if kind == 5:
        return "    " + text
    if kind == 6:
        tag = draw(st.sampled_from(("div", "p", "script", "pre", "table", "details")))
        return f"<{tag} markdown=\"1\">\n{text}\n</{tag}>" if draw(st.booleans()) else f"<{tag}>\n{text}"
    if kind == 7:
        cells = draw(st.lists(words, min_size=1, max_size=3))
        return "| " + " | ".join(cells) + " |\n|" + "---|" * len(cells) + "\n| " + text + " |"
    if kind == 8:
        return f"[{draw(st.sampled_from(('ref', 'x', '^1')))}]: {draw(st.sampled_from(_URLS))}"
    if kind == 9:
        return draw(st.sampled_from(("***", "---", "- - -", "{: .note}", "{% raw %}\n{{ x }}\n{% endraw %}",
                                     "<!-- postlint-disable-next-line -->", "<!-- postlint-disable PL601 -->",
                                     "_Cette offre a été pourvue._", "## Vos missions", "## Rejoignez-nous")))
    return "\n".join(draw(st.lists(line(), min_size=1, max_size=3)))


_KEYS = ("layout", "title", "author", "description", "image", "twitter", "tags", "categories", "category", "date",
         "lang", "permalink", "published", "filled", "open", "deadline", "nom", "slug", "redirect_from", "x")
_SCALARS = ("post", "default", "Un titre", "Titre : deux points", "'l''apostrophe'", "\"é\\t\\\"\"", "true", "no", "~",
            "2020-02-30", "2021-09-14", "2020-01-01T00:00:00+24:00", "9999-12-31", "0001-01-01 00:00:00 +05:00",
            "12:30", "1e999", ".nan", "0x1F", "99999999999999999999999999999999999999999", "/img/blog/atelier.png",
            "@arobase", "https://example.org/x", "!!timestamp x", "!!binary aGVsbG8=", "!!bool maybe", "!!int x",
            "!!set {a, b}", "!!omap [a: 1]", "!custom x", "*nulle", "&ancre valeur", "[design, méthode]",
            "[design, design, Design]", "[xxx, ' espace ']", "[]", "{}", "{a: [b, {c: d}]}", "|\n  bloc\n  texte",
            ">-\n  plié\n  ici", "\n  - design\n  - open", "\n  a: 1\n  b: [2]", "&r [*r]", "[[[[[[[[x]]]]]]]]",
            "« guillemets »", "Pourquoi candidater ?", "Offre d'emploi - stage", "[OFFRE POURVUE] Offre de stage")


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    """The lines between the ``---`` delimiters."""
    lines = []
    for key in draw(st.lists(st.sampled_from(_KEYS), max_size=10)):
        value = draw(st.sampled_from(_SCALARS) | line())
        lines.append(f"{key}: {value}")
    if draw(st.booleans()):
        lines = ["layout: post", "title: Un titre", "author: Camille", "description: Un billet.",
                 "image: /img/blog/atelier.png", "twitter: camille", "tags: [design]", *lines]
    return "".join(ln + "\n" for ln in lines)


@st.composite
def posts(draw: st.DrawFn) -> tuple[str, str]:
    """``(text, relpath)``: a whole file and where it sits in the site."""
    fm = draw(front_matter())
    blocks = draw(st.lists(block(), max_size=8))
    body = "".join(b + draw(st.sampled_from(("\n\n", "\n", "\n\n\n"))) for b in blocks)
    opening = draw(st.sampled_from(("---\n", "---\n", "--- \n", "", "\n---\n")))
    closing = draw(st.sampled_from(("---\n", "---\n", "...\n", "---", "")))
    text = opening + fm + closing + body
    ending = draw(st.sampled_from(("\n", "\n", "\r\n", "\r", "mixed")))
    if ending == "mixed":
        text = "".join(ch + ("\r" if ch == "\n" and draw(st.booleans()) else "") for ch in text)
    elif ending != "\n":
        text = text.replace("\n", ending)
    return text, draw(st.sampled_from(TARGETS))
