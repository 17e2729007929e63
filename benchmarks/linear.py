"""Time to lint one post against the length of its longest line, for the
shapes that used to be quadratic (or worse) in it: it should double when
the length doubles, and stay under a second at 100 KB.

Each shape is a post of the ``eig`` preset whose body (or title) is one
unit repeated: unbalanced delimiters over one ~100 KB paragraph of short
lines, single lines of ``a``, of backticks, of ``mot : ``, a long title...
For each size the best of ``--runs`` runs of ``postlint.lint_text`` is
shown, then the growth from the last-but-one size to the last (2.0 is
linear, 4.0 quadratic), and the share of markdown-it's own parsing at the
largest size (postlint parses each body once; a paragraph of ``![`` costs
markdown-it-py about 18 us a character, linear but not cheap).

Run: python benchmarks/linear.py [--sizes 12500 25000 50000 100000] [--runs 2] [--check]
(from a clone: it puts src/ on the path itself). With ``--check`` the exit
status is 1 when a shape takes a second or more at the largest size, or
grows more than three times when the size doubles.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

FRONT = ("---\nlayout: post\ntitle: {title}\nauthor: Camille\ndescription: Un billet.\n"
         "image: /img/x.png\ntwitter: camille\ntags: [design]\n---\n")


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def line(unit: str) -> Callable[[int], str]:
    """One line of ``unit`` repeated."""
    return lambda size: FRONT.format(title="Un titre") + _repeat(unit, size) + "\n"


def paragraph(unit: str) -> Callable[[int], str]:
    """One paragraph of 80-character lines of ``unit`` repeated."""
    def make(size: int) -> str:
        text = _repeat(unit, size)
        return FRONT.format(title="Un titre") + "\n".join(text[i : i + 80] for i in range(0, size, 80)) + "\n"
    return make


def title(size: int) -> str:
    return FRONT.format(title="'" + _repeat("Le titre : « long » ", size).replace("'", "''") + "'") + "Texte.\n"


_PROSE = ("Le programme accueille, chaque année, une promotion d'entrepreneurs (voir [le bilan](/bilan.html "
          "\"Bilan\") et <a href=\"/x\">la page</a>) : `du code`, {{ site.title }}, <!-- une note --> et "
          "{% raw %}du Liquid{% endraw %} ; écrivez à equipe@example.org ! ")


def mutated(size: int) -> str:
    """A French paragraph of links, HTML, code, Liquid and comments, its
    closing delimiters removed: what took 15 to 60 s per ~100 KB post."""
    text = _repeat(_PROSE, size)
    for closer in (")", "]", ">", "`", "}}", "%}", "-->"):
        text = text.replace(closer, "")
    return FRONT.format(title="Un titre") + "\n".join(text[i : i + 100] for i in range(0, len(text), 100)) + "\n"


SHAPES: dict[str, Callable[[int], str]] = {
    "line of a": line("a"),
    "line of backticks (x ```...)": lambda size: FRONT.format(title="Un titre") + "x " + _repeat("`", size) + "\n",
    "line of `mot : `": line("mot : "),
    "line of [a](": line("[a]("),
    "line of <a ": line("<a "),
    "line of {{ ": line("{{ "),
    "line of {% raw %}": line("{% raw %}"),
    "line of <!-- ": line("<!-- "),
    "line of \"a\" ": line("\"a\" "),
    "line of 1ère ": line("1ère "),
    "line of a@": line("a@"),
    "paragraph of [a](": paragraph("[a]("),
    "paragraph of <a ": paragraph("<a "),
    "paragraph of ![": paragraph("!["),
    "paragraph of ` `` ": paragraph("` `` "),
    "heading of backticks": lambda size: FRONT.format(title="Un titre") + "# x " + _repeat("`", size) + "\n",
    "mutated French paragraph": mutated,
    "long title": title,
}


def _seconds(text: str, config: object, runs: int) -> float:
    from postlint.api import lint_text

    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        lint_text(text, "_posts/2020-01-01-x.md", config=config)  # type: ignore[arg-type]
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[12_500, 25_000, 50_000, 100_000])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--check", action="store_true", help="exit 1 unless every shape is linear and under 1 s")
    parser.add_argument("--only", nargs="*", default=[], help="shapes whose name contains one of these words")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(SRC))
    from postlint.api import lint_text, load_config
    from postlint.core.markdown import parse

    with tempfile.TemporaryDirectory() as root:
        (Path(root) / "postlint.toml").write_text('preset = "eig"\n', encoding="utf-8")
        config = load_config(root)
        lint_text(SHAPES["line of a"](100), "_posts/2020-01-01-x.md", config=config)  # imports, compiled patterns
        head = "".join(f"{size // 1000:>7} KB" for size in args.sizes)
        print(f"{'shape':32}{head}   growth  markdown-it")
        failed = []
        for name, make in SHAPES.items():
            if args.only and not any(word in name for word in args.only):
                continue
            times = [_seconds(make(size), config, args.runs) for size in args.sizes]
            growth = times[-1] / times[-2] if len(times) > 1 and times[-2] > 0 else float("nan")
            start = time.perf_counter()
            parse(make(args.sizes[-1]).split("---\n", 2)[-1])
            parsing = time.perf_counter() - start
            flag = ""
            if times[-1] >= 1.0 or (len(times) > 1 and times[-1] > 0.05 and growth > 3.0):
                flag = "  <- not linear or too slow"
                failed.append(name)
            print(f"{name:32}" + "".join(f"{t:9.3f} s" for t in times) + f"   {growth:5.2f}  {parsing:7.3f} s{flag}",
                  flush=True)
    if failed:
        print(f"{len(failed)} shape(s) over budget: {', '.join(failed)}")
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
