"""PL404: how to apply, as a reader sees it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from postlint.core.diagnostics import Diagnostic
from postlint.core.document import Post
from postlint.rules.base import PostContext, rule
from postlint.rules.jobs.offer import analyse
from postlint.rules.jobs.options import ApplyOptions
from postlint.rules.jobs.signals import anchor
from postlint.rules.jobs.text import fold, phrase_in

__all__ = ["how_to_apply", "no_contact"]

_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}(?![\w-])")
# "name at domain.fr", "name [at] domain [dot] fr", "name (at) domain.fr", "nom arobase domaine.fr"
_AT = r"(?:\s*[\[({]\s*(?:at|arobase)\s*[\])}]\s*|\s+(?:at|arobase)\s+)"
_DOT = r"(?:\s*[\[({]\s*(?:dot|point)\s*[\])}]\s*|\.)"
_OBFUSCATED_RE = re.compile(rf"(?<![\w.+-])[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[a-zA-Z]{{2,}}(?![\w-])",
                            re.IGNORECASE)
_URL_RE = re.compile(r"https?://[^\s<>()\[\]\"']+", re.IGNORECASE)
# a Markdown link [text](href), an autolink <http...>, or a bare URL
_LINK_RE = re.compile(r"\[(?P<text>[^\]\n]*)\]\((?P<href>[^)\s]+)[^)]*\)|<(?P<auto>https?://[^>\s]+)>|"
                      r"(?P<bare>https?://[^\s<>()\[\]\"']+)", re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"(?<=[.!?;])\s+|\n\s*\n")


def _links(post: Post) -> Iterator[str]:
    for tok in post.tokens:
        for child in tok.children or []:
            href = child.attrs.get("href") if child.type == "link_open" else None
            if isinstance(href, str):
                yield href
    yield from _URL_RE.findall(post.body)


def _host_allowed(url: str, domains: list[str]) -> bool:
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return False
    return any(host == d.lower().strip(".") or host.endswith("." + d.lower().strip(".")) for d in domains)


def _apply_link(post: Post, words: list[str]) -> bool:
    """A link whose text, or the sentence around it, says apply / postuler / candidater."""
    if not words:
        return False
    for tok in post.tokens:
        if tok.type != "inline":
            continue
        for sentence in _SENTENCE_END_RE.split(tok.content):
            if not _LINK_RE.search(sentence):
                continue
            folded = fold(sentence)
            if any(phrase_in(w, folded) for w in words):
                return True
    return False


def _front_matter_way(post: Post, keys: list[str]) -> str | None:
    fm = post.front_matter or {}
    for key in keys:
        value = fm.get(key)
        if value not in (None, "", [], {}):
            return key
    return None


def how_to_apply(post: Post, options: ApplyOptions) -> str | None:
    """How the offer says to apply ("email", "key", "link", "platform"), or None."""
    if _EMAIL_RE.search(post.body) or any(h.lower().startswith("mailto:") for h in _links(post)):
        return "email"
    if options.obfuscated_emails and _OBFUSCATED_RE.search(post.body):
        return "email"
    if _front_matter_way(post, options.keys):
        return "key"
    domains = options.domains
    if domains and any(_host_allowed(u, domains) for u in _links(post)):
        return "platform"
    if _apply_link(post, options.words):
        return "link"
    return None


@rule(
    "PL404",
    "job-offer-no-contact",
    "A job offer gives no e-mail address nor application link.",
    messages={
        "default": "This job offer does not say how to apply: add an e-mail address, or a link saying how to "
                   "apply (« Postuler », \"Apply\") or to an application platform",
        "email-only": "This job offer does not say how to apply: add an e-mail address to write to",
    },
)
def no_contact(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """An open job offer that gives no way to apply, as a reader sees it.
    Any of these is a way:

    - an e-mail address, plain or as a `mailto:` link; with `[jobs.apply]
      obfuscated-emails = true`, also written `name at domain.fr`,
      `name [at] domain [dot] fr` or `nom (arobase) domaine.fr`;
    - a front-matter key that the site's layout shows, named in `keys`
      (`contact`, `externalURL`), with a value;
    - a link to an application platform of `allowed-domains` (subdomains
      included; the default list has the French public employers' boards,
      such as place-emploi-public.gouv.fr and choisirleservicepublic.gouv.fr,
      and common job boards and applicant-tracking sites; `extra-domains`
      adds to it);
    - any link whose text, or the sentence around it, has one of `words`
      (« postuler », « candidater », « candidature », "apply"...).

    Closed and filled offers are not checked (see `job-offer-missing-section`).

    ## Why it matters
    The reader is convinced and has nowhere to send the application.

    ## Example
    ```markdown
    ### Rejoignez-nous
    Envoyez-nous votre candidature !
    ```

    ## Fix
    ```markdown
    ### Rejoignez-nous
    Envoyez CV et lettre à [recrutement@exemple.fr](mailto:recrutement@exemple.fr),
    ou postulez sur [la place de l'emploi public](https://place-emploi-public.gouv.fr/offre/123).
    ```
    """
    offer = analyse(post, ctx)
    if offer is None or not offer.content_checked:
        return
    apply = offer.options.apply
    if not apply.required or how_to_apply(post, apply):
        return
    line, column = anchor(post)
    if apply.domains or apply.words or apply.keys:
        yield ctx.at("default", line, column, domains=" or ".join(apply.domains[:3]))
    else:
        yield ctx.at("email-only", line, column)
