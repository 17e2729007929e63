"""Where postlint differs from the real ``jekyll build`` on the corpus sites.

Prints, per site of ``../shared/corpus``: the files postlint checked, its
findings per code, its link findings judged against the build (right, wrong,
no link in the build...), the recall of the broken links of the pages'
content, and the URL mismatches; writes every detail as JSON (``--json``,
default ``conformance-report.json`` in the current folder).

    .venv/bin/python tools/conformance_report.py [--site NAME] [--json FILE] [--refresh]

The harness lives in ``tests/conformance/`` (the same code the conformance
tests run); ``--refresh`` rebuilds the sites instead of using the cached truth.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from conformance.compare import SiteComparison, compare_site
from conformance.harness import SITES, load_truth, skip_reason


def table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def summary_table(comparisons: list[SiteComparison]) -> str:
    rows: list[tuple[str, ...]] = [("site", "build s", "files checked", "pages unchecked", "link findings", "right", "wrong", "no link",
                                    "not built", "broken links", "located", "reported", "recall", "URL mismatches")]
    for c in comparisons:
        s = c.summary()
        verdicts = s["link_verdicts"]
        rows.append((s["site"], f"{s['build_seconds']:.1f}", str(s["files_checked"]), str(s["html_pages_unchecked"]),
                     str(s["link_findings"]),
                     str(verdicts.get("right", 0)), str(verdicts.get("wrong", 0)), str(verdicts.get("no-link", 0)),
                     str(verdicts.get("not-built", 0)), str(s["broken_content_links"]), str(s["broken_located"]),
                     str(s["broken_reported"]), f"{s['recall']:.1%}", str(s["url_mismatches"])))
    return table(rows)


def site_section(c: SiteComparison) -> str:
    s = c.summary()
    out = [f"== {s['site']} (preset {s['preset']}; plugins: {', '.join(s['plugins'])})",
           "findings per code: " + ", ".join(f"{code} {n}" for code, n in s["findings_per_code"].items())]
    wrong = [v for v in c.verdicts if v.verdict in ("wrong", "no-link", "unresolved")]
    if wrong:
        out.append("link findings not confirmed by the build:")
        out += [f"  {v.verdict:<8} {v.finding['path']}:{v.finding['line']} {v.finding['code']} "
                f"{v.finding['params'].get('target')!r}: {v.why}" for v in wrong]
    misses = [(loc, hit) for loc, hit in zip(c.broken, c.reported) if not hit]
    if misses:
        out.append("broken content links not reported at their line:")
        for loc, _ in misses:
            where = ",".join(map(str, loc.lines)) if loc.lines else "unlocated"
            out.append(f"  {loc.link.source}:{where} <{loc.link.tag} {loc.link.attr}> {loc.link.href!r}: "
                       f"{loc.link.target.status}{' (anchor ' + loc.link.target.anchor + ')' if loc.link.target.anchor else ''}")
    if c.unchecked_pages:
        pages = c.unchecked_pages
        out.append(f"pages Jekyll renders that postlint check does not check ({len(pages)}): "
                   + ", ".join(pages[:8]) + (", ..." if len(pages) > 8 else ""))
    if c.url_mismatches:
        out.append("URL mismatches (source: Jekyll / postlint):")
        out += [f"  {m['source']}: {m['jekyll_url']} ({m['jekyll_kind']}) / {m['postlint_url']} ({m['postlint_kind']})"
                for m in c.url_mismatches]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--site", action="append", choices=sorted(SITES), help="only this site (repeatable)")
    parser.add_argument("--json", default="conformance-report.json", help="where to write the details")
    parser.add_argument("--refresh", action="store_true", help="rebuild the sites (ignore the cached truth)")
    args = parser.parse_args(argv)
    comparisons, details, skipped = [], {}, {}
    for name in args.site or list(SITES):
        spec = SITES[name]
        reason = skip_reason(spec)
        if reason is not None:
            skipped[name] = reason
            print(f"skipped {name}: {reason}", file=sys.stderr)
            continue
        started = time.monotonic()
        comparison = compare_site(spec, load_truth(spec, refresh=args.refresh))
        comparisons.append(comparison)
        details[name] = {**comparison.details(), "seconds": round(time.monotonic() - started, 1)}
    if not comparisons:
        return 2
    print(summary_table(comparisons))
    for comparison in comparisons:
        print()
        print(site_section(comparison))
    report: dict[str, Any] = {"sites": details, "skipped": skipped}
    Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\ndetails: {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
