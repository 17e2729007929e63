"""postlint against the truth of a real build (:mod:`conformance.harness`).

Three comparisons, per site:

(a) **URLs**: for every source file, the URL and destination postlint
    computes (``postlint urls --all --format json``) against those Jekyll
    wrote; a file one side publishes and the other does not is a mismatch.
(b) **Link findings**: each finding of :data:`LINK_CODES` (``lint_paths``, the
    library behind ``postlint check``, for the messages' parameters) is
    *right* when its target is really missing in the build (for PL206: the
    page exists and its final HTML, layout included, has no such id/name),
    *wrong* when the target exists. It is judged by the link of the built
    page it is about (same file, same line, related target, see below); a
    finding that matches no link of the built content (front matter, code,
    ``{% raw %}``) is judged by resolving its target as written against the
    page's URL. Findings in files Jekyll does not publish are "not-built".
(c) **Recall**: every internal link of a page's converted content (before
    its layout) whose target is missing, or whose anchor is, should be
    reported by a link finding on the line where the link is written.

Mapping a link of the converted HTML back to its source line (c, and b's
matching): the link's ``href`` is searched for in the source file's body
under the forms it can be written in: as is (and HTML-escaped, or
percent-decoded), after ``{{ site.baseurl }}`` or ``{{ site.url }}`` (the
href without its baseurl / own-host prefix, preceded by ``}}``), and, for a
link with a fragment, the bare ``#fragment`` (what is left as written of
``{% link x.md %}#f``, ``{% post_url p %}#f`` or a ``page.md#f`` that
jekyll-relative-links rewrote). The k-th link with a given href in the
HTML is the k-th occurrence in the source when the counts agree; otherwise
every line with an occurrence is a candidate (a finding on any of them
counts).

Limits: a link that has no literal in the source (built by Liquid from data
or variables, ``{{ post.url }}``, or coming from an ``{% include %}``) is
"unlocated" and left out of the recall (listed, counted); a literal that
also appears in a code block makes the line ambiguous (candidates); a link
written by a plugin inside the content (jekyll-mentions, jemoji) is
external and never counted.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import unquote

from conformance.harness import ContentLink, SiteSpec, Target, Truth, site_root

#: postlint's codes about a link or asset target.
LINK_CODES = frozenset({"PL201", "PL202", "PL203", "PL204", "PL205", "PL206", "PL210", "PL502"})
#: codes that say the target itself (not its anchor) is missing.
PATH_CODES = LINK_CODES - {"PL206", "PL502"}

_AFTER = set(")\"'> \t|]")
_BEFORE_PLAIN = set("(\"'<= \t")
_TAG_BEFORE = re.compile(r"\{%-?\s*(?:link|post_url)\s+$")


# ----------------------------------------------------------------- postlint's side


def postlint_urls(spec: SiteSpec) -> list[dict[str, Any]]:
    """``postlint urls --all --format json`` on the site, as the CLI prints it."""
    root = site_root(spec.name)
    args = [sys.executable, "-m", "postlint", "urls", "--all", "--format", "json", "--preset", spec.preset, "."]
    done = subprocess.run(args, cwd=root, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"postlint urls failed on {spec.name}:\n{done.stderr}")
    entries: list[dict[str, Any]] = json.loads(done.stdout)
    return entries


def postlint_findings(spec: SiteSpec) -> tuple[list[dict[str, Any]], list[str]]:
    """Every finding of ``postlint check`` on the whole site (no cache), with
    its message parameters (the JSON report has the rendered message only),
    and the files it checked."""
    from postlint import lint_paths, load_config

    config = load_config(site_root(spec.name), preset=spec.preset)
    result = lint_paths(config=config, cache=False)
    return [{**d.to_dict(), "message_id": d.message_id, "params": {k: _plain(v) for k, v in d.params.items()}}
            for d in result.diagnostics], list(result.files)


def _plain(value: Any) -> Any:
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


# ----------------------------------------------------------------- locating links in the source


@dataclass(frozen=True)
class Located:
    """Where a link of the converted content is written in its source file."""

    link: ContentLink
    lines: tuple[int, ...]  # one line, several candidates, or none (unlocated)
    written: str | None  # the form found in the source
    exact: bool  # one line, by occurrence order


class SourceText:
    """A source file's body lines, searched for the forms a link is written in."""

    def __init__(self, text: str, truth: Truth) -> None:
        self.lines = text.splitlines()
        self.first = _body_start(self.lines)
        self.truth = truth

    def forms(self, href: str) -> list[tuple[str, str]]:
        """(form, how it is preceded), most literal first: "plain" (a link
        delimiter), "liquid" (``}}`` or ``%}``), "tag" (the argument of a
        ``{% link %}`` or ``{% post_url %}`` tag), "fragment" (anything)."""
        forms: list[tuple[str, str]] = []
        for variant in (href, html.escape(href, quote=False), unquote(href)):
            if (variant, "plain") not in forms:
                forms.append((variant, "plain"))
        hosts = sorted(self.truth.hosts)
        base = self.truth.baseurl
        prefixes = [base] if base else []
        prefixes += [f"{scheme}://{host}{b}" for scheme in ("https", "http") for host in hosts for b in {"", base}]
        for prefix in prefixes:
            if href.startswith(prefix + "/"):
                forms.append((href[len(prefix):], "liquid"))
        for form, how in list(forms):
            if form.startswith("/") and not form.startswith("//") and (form[1:], "plain") not in forms:
                forms.append((form[1:], "plain"))  # {{ 'docs/x/' | relative_url }}
        path = href.partition("#")[0]
        for prefix in prefixes:
            if path.startswith(prefix + "/"):
                path = path[len(prefix):]
        for source in self.truth.sources_at(path):  # {% link source %}, {% post_url name %}
            forms.append((source, "tag"))
            if source.startswith("_posts/") or "/_posts/" in source:
                forms.append((source.rsplit("/", 1)[-1].rsplit(".", 1)[0], "tag"))
        fragment = href.partition("#")[2]
        if fragment and not href.startswith("#"):
            forms.append(("#" + fragment, "fragment"))
        return forms

    def occurrences(self, form: str, how: str) -> list[int]:
        found = []
        for number in range(self.first, len(self.lines) + 1):
            line = self.lines[number - 1]
            hits = _hits(line, form, how)
            if not hits and "&" in line:  # written with HTML entities (&agrave;)
                hits = _hits(html.unescape(line), form, how)
            found += [number] * hits
        return found

    def locate(self, link: ContentLink, count: int) -> Located:
        """``count``: links with the same href in the page."""
        for form, how in self.forms(link.href):
            lines = self.occurrences(form, how)
            if not lines:
                continue
            if len(lines) == count and link.nth < count:
                return Located(link, (lines[link.nth],), form, True)
            return Located(link, tuple(sorted(set(lines))), form, False)
        return Located(link, (), None, False)


def _hits(line: str, form: str, how: str) -> int:
    """How many times ``form`` is written in ``line`` as a link target."""
    hits = 0
    start = line.find(form)
    while start >= 0:
        end = start + len(form)
        before = line[:start]
        if how == "tag":
            ok = _TAG_BEFORE.search(before) is not None and end < len(line) and line[end] in " %"
        else:
            if how == "liquid":
                before_ok = before.rstrip().endswith(("}}", "%}"))
            else:
                before_ok = how == "fragment" or not before or before[-1] in _BEFORE_PLAIN
            ok = before_ok and (end == len(line) or line[end] in _AFTER)
        if ok:
            hits += 1
        start = line.find(form, start + 1)
    return hits


def _body_start(lines: list[str]) -> int:
    """The 1-based number of the first line after the front matter."""
    if lines and lines[0].strip() == "---":
        for number, line in enumerate(lines[1:], start=2):
            if line.strip() in ("---", "..."):
                return number + 1
    return 1


# ----------------------------------------------------------------- the comparison


@dataclass
class Verdict:
    """A postlint link finding judged against the build."""

    finding: dict[str, Any]
    verdict: str  # right, wrong, no-link, not-built, unresolved
    matched: bool  # judged by a link of the built content (else by resolving the target as written)
    target: Target | None = None
    why: str = ""


@dataclass
class SiteComparison:
    """Everything measured on one site."""

    spec: SiteSpec
    truth: Truth
    entries: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    checked: list[str]
    url_mismatches: list[dict[str, Any]] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    broken: list[Located] = field(default_factory=list)
    reported: list[bool] = field(default_factory=list)

    @cached_property
    def texts(self) -> dict[str, SourceText]:
        root = site_root(self.spec.name)
        found = {}
        for source, item in self.truth.sources.items():
            if item.content:
                found[source] = SourceText((root / source).read_text(encoding="utf-8", errors="replace"), self.truth)
        return found

    @cached_property
    def located(self) -> dict[str, list[Located]]:
        """The content links of every page, located in its source."""
        by_page: dict[str, list[ContentLink]] = {}
        for link in self.truth.content_links():
            by_page.setdefault(link.source, []).append(link)
        found = {}
        for source, links in by_page.items():
            counts = Counter(link.href for link in links)
            text = self.texts[source]
            found[source] = [text.locate(link, counts[link.href]) for link in links]
        return found

    # (a) URLs -------------------------------------------------------------------

    def compare_urls(self) -> None:
        theirs = {s: (i.url, i.dest) if i.written else (None, None) for s, i in self.truth.sources.items()}
        ours = {str(e["source"]): (e["url"], e["output"]) if e.get("output") else (None, None) for e in self.entries}
        kinds = {str(e["source"]): str(e["kind"]) for e in self.entries}
        truth_kinds = {s: i.kind for s, i in self.truth.sources.items()}
        for source in sorted(set(theirs) | set(ours)):
            jekyll = theirs.get(source, (None, None))
            postlint = ours.get(source, (None, None))
            if jekyll == postlint:
                continue
            self.url_mismatches.append({
                "source": source, "jekyll_url": jekyll[0], "jekyll_dest": jekyll[1],
                "postlint_url": postlint[0], "postlint_dest": postlint[1],
                "jekyll_kind": truth_kinds.get(source, "not read"), "postlint_kind": kinds.get(source, "not listed"),
            })

    # (b) link findings ----------------------------------------------------------------

    def judge_findings(self) -> None:
        for finding in self.findings:
            if finding["code"] in LINK_CODES:
                self.verdicts.append(self._judge(finding))

    def _judge(self, finding: dict[str, Any]) -> Verdict:
        params = finding["params"]
        anchor = finding["code"] == "PL206"
        if finding["code"] == "PL502":
            url = self.truth.page_url(str(params.get("source")))
            given = str(params.get("value") or "")
            right = url is None or _site_path(given, self.truth) != unquote(url)
            return Verdict(finding, "right" if right else "wrong", False, why=f"Jekyll publishes the page at {url}")
        page = self.truth.page_url(finding["path"])
        if page is None:
            return Verdict(finding, "not-built", False, why="Jekyll publishes no page from this file")
        target_text = str(params.get("target") or "")
        links = self.located.get(finding["path"], [])
        matches = [loc for loc in links if finding["line"] in loc.lines and _related(target_text, loc)]
        if not matches and target_text:  # the same link, located on another line (or not at all)
            matches = [loc for loc in links if _related(target_text, loc, anywhere=True)]
        if matches:
            broken = [m for m in matches if (m.link.target.anchor == "missing" if anchor else not m.link.target.exists)]
            chosen = (broken or matches)[0].link.target
            return Verdict(finding, "right" if broken else "wrong", True, chosen, _why(chosen, anchor))
        return self._judge_written(finding, page, target_text, anchor)

    def _judge_written(self, finding: dict[str, Any], page: str, target_text: str, anchor: bool) -> Verdict:
        """A finding about no link of the built content: judged by its target as written.
        Outside the front matter, a missing target there is "no-link": Jekyll
        made no link of it (code, ``{% raw %}``, a comment)."""
        message = finding.get("message_id") or ""
        params = finding["params"]
        missing = "right" if params.get("key") else "no-link"
        if message in ("link-tag", "post-url"):
            exists = self._liquid_target_exists(target_text, post=message == "post-url")
            return Verdict(finding, "wrong" if exists else missing, False,
                           why="the tag's target exists" if exists else "Jekyll never evaluated this tag (the build succeeded)")
        href = _without_liquid(target_text, self.truth)
        if href is None:
            return Verdict(finding, "unresolved", False, why="Liquid in the target")
        if anchor and params.get("fragment") and "#" not in href:
            href += "#" + str(params["fragment"])
        target = self.truth.resolve(href, page)
        if target is None:
            return Verdict(finding, "unresolved", False, why="not a link to this site")
        broken = target.anchor == "missing" if anchor else not target.exists
        return Verdict(finding, missing if broken else "wrong", False, target, _why(target, anchor))

    def _liquid_target_exists(self, target: str, *, post: bool) -> bool:
        name = target.strip().strip("\"'")
        if not post:
            return name.lstrip("/") in self.truth.sources
        return any(s.rsplit(".", 1)[0].endswith("/" + name) or s.rsplit(".", 1)[0] == name
                   for s, i in self.truth.sources.items() if i.collection == "posts")

    # (c) recall ------------------------------------------------------------------------

    def measure_recall(self) -> None:
        by_line: dict[tuple[str, int], list[dict[str, Any]]] = {}
        for finding in self.findings:
            if finding["code"] in LINK_CODES:
                by_line.setdefault((finding["path"], finding["line"]), []).append(finding)
        for source, locs in sorted(self.located.items()):
            for loc in locs:
                if not loc.link.target.broken:
                    continue
                self.broken.append(loc)
                codes = {"PL206"} if loc.link.target.exists else PATH_CODES
                hit = any(f["code"] in codes and _related(str(f["params"].get("target") or ""), loc)
                          for line in loc.lines for f in by_line.get((source, line), []))
                self.reported.append(hit)

    # summaries -------------------------------------------------------------------------

    @property
    def located_broken(self) -> list[tuple[Located, bool]]:
        return [(loc, hit) for loc, hit in zip(self.broken, self.reported) if loc.lines]

    @property
    def recall(self) -> float:
        pairs = self.located_broken
        return sum(hit for _, hit in pairs) / len(pairs) if pairs else 1.0

    @property
    def unchecked_pages(self) -> list[str]:
        """Pages and documents Jekyll renders to HTML that ``postlint check`` does not check."""
        checked = set(self.checked)
        return sorted(s for s, i in self.truth.sources.items() if i.content and i.written and s not in checked)

    @property
    def wrong(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.verdict == "wrong"]

    def summary(self) -> dict[str, Any]:
        pairs = self.located_broken
        return {
            "site": self.spec.name,
            "preset": self.spec.preset,
            "plugins": list(self.spec.plugins),
            "build_seconds": self.truth.build_seconds,
            "files_listed": len(self.entries),
            "files_checked": len(self.checked),
            "html_pages_unchecked": len(self.unchecked_pages),
            "pages_built": sum(1 for i in self.truth.sources.values() if i.written and i.kind != "static"),
            "findings_per_code": dict(sorted(Counter(f["code"] for f in self.findings).items())),
            "link_findings": len(self.verdicts),
            "link_verdicts": dict(sorted(Counter(v.verdict for v in self.verdicts).items())),
            "wrong": len(self.wrong),
            "content_links": sum(len(v) for v in self.located.values()),
            "broken_content_links": len(self.broken),
            "broken_located": len(pairs),
            "broken_unlocated": len(self.broken) - len(pairs),
            "broken_reported": sum(hit for _, hit in pairs),
            "recall": round(self.recall, 4),
            "url_mismatches": len(self.url_mismatches),
        }

    def details(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "url_mismatches": self.url_mismatches,
            "html_pages_unchecked": self.unchecked_pages,
            "link_findings": [_verdict_dict(v) for v in self.verdicts],
            "broken_links": [{**_located_dict(loc), "reported": hit} for loc, hit in zip(self.broken, self.reported)],
        }


def compare_site(spec: SiteSpec, truth: Truth) -> SiteComparison:
    """Run postlint on the site and compare it with ``truth``."""
    comparison = SiteComparison(spec, truth, postlint_urls(spec), *postlint_findings(spec))
    comparison.compare_urls()
    comparison.judge_findings()
    comparison.measure_recall()
    return comparison


# ----------------------------------------------------------------- helpers


def _related(target: str, loc: Located, *, anywhere: bool = False) -> bool:
    """Is a finding's target (as postlint read it) about this located link?
    On the link's line, an empty target is; ``anywhere``: the link may be
    written on another line (or not located)."""
    target = target.strip()
    if loc.written is None and not anywhere:
        return False
    if not target:
        return not anywhere
    candidates = {loc.written or "", loc.link.href, unquote(loc.link.href)} - {""}
    if anywhere:
        return any(target in (c, unquote(c)) or unquote(target) == c for c in candidates)
    return any(c in target or target in c for c in candidates)


def _site_path(given: str, truth: Truth) -> str:
    target = truth.resolve(given, "/")
    return target.path if target is not None else given


_LIQUID_PREFIX = re.compile(r"^\{\{-?\s*site\.(baseurl|url)\s*-?\}\}")


def _without_liquid(target: str, truth: Truth) -> str | None:
    """The target with a leading ``{{ site.baseurl }}``/``{{ site.url }}``
    replaced; None when other Liquid remains."""
    while True:
        found = _LIQUID_PREFIX.match(target)
        if found is None:
            break
        value = truth.baseurl if found.group(1) == "baseurl" else truth.url.rstrip("/")
        target = value + target[found.end():]
    return None if "{{" in target or "{%" in target else target


def _why(target: Target, anchor: bool) -> str:
    if anchor:
        return f"anchor {target.anchor} in {target.file}" if target.file else f"target {target.status}"
    if target.exists:
        return f"exists in the build ({target.how}: {target.file})"
    return f"{target.status} in the build"


def _target_dict(target: Target | None) -> dict[str, Any] | None:
    if target is None:
        return None
    return {"href": target.href, "path": target.path, "fragment": target.fragment, "status": target.status,
            "file": target.file, "how": target.how, "anchor": target.anchor}


def _verdict_dict(verdict: Verdict) -> dict[str, Any]:
    f = verdict.finding
    return {"path": f["path"], "line": f["line"], "column": f["column"], "code": f["code"], "message": f["message"],
            "target": f["params"].get("target"), "verdict": verdict.verdict, "matched": verdict.matched,
            "why": verdict.why, "build": _target_dict(verdict.target)}


def _located_dict(loc: Located) -> dict[str, Any]:
    link = loc.link
    return {"path": link.source, "page_url": link.page_url, "tag": link.tag, "attr": link.attr, "href": link.href,
            "lines": list(loc.lines), "written": loc.written, "exact": loc.exact, "build": _target_dict(link.target)}
