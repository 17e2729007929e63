"""Generate a realistic content repository for benchmarks.

Deterministic from a seed: N dated posts with EIG-style front matter, links
among posts and to assets, tags from a fixed list, tag pages, a few job
offers, and a few defects of each kind a linter should find. The text is
generated from a small word list written for this project (no corpus text).

``--replicate SITE`` instead copies a given site (at run time, never into
the project) and adds generated posts until N Markdown posts exist, so the
tree keeps the real site's structure and file sizes.

Run: python benchmarks/corpus.py OUT --posts 10000 [--seed 1] [--replicate SITE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

TAGS = [
    "accompagnement", "algorithme", "collectif", "datascience", "design", "développement",
    "international", "méthode", "open", "outil", "partenariat", "pérennisation", "recrutement",
    "réalisation", "témoignage", "écosystème", "évaluation", "interdisciplinarité",
]
WORDS = (
    "projet équipe données service public agent mission outil usage prototype terrain "
    "administration citoyen code ouvert méthode atelier recherche produit utilisateur carte "
    "algorithme modèle tableau impact retour expérience promotion défi mentor réseau"
).split()
CONFIG = """title: Bench site
url: "https://bench.example.org"
baseurl: ""
markdown: kramdown
future: true
permalink: /blog/:year/:month/:day/:title.html
collections:
  communaute:
    output: true
    permalink: /communaute/:year/:title.html
"""
DEFECTS = ("missing-image", "image-case", "broken-link", "unknown-tag", "unquoted-colon", "no-author",
           "expired-offer", "placeholder-tag", "bad-anchor")


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(3, 6)))


def _slug_date(i: int) -> tuple[dt.date, str]:
    day = dt.date(2015, 1, 1) + dt.timedelta(days=i % 3000)
    return day, f"article-{i:06d}-{WORDS[i % len(WORDS)]}"


def _url(i: int) -> str:
    day, slug = _slug_date(i)
    return f"/blog/{day:%Y/%m/%d}/{slug}.html"


def _post(i: int, n: int, rng: random.Random, defect: str | None) -> tuple[str, str]:
    day, slug = _slug_date(i)
    tags = rng.sample(TAGS, rng.randint(1, 3))
    image = f"/img/posts/image-{i % 500:03d}.jpg"
    title = f"Retour sur le projet {WORDS[i % len(WORDS)]} numéro {i}"
    author = "Camille Exemple"
    if defect == "missing-image":
        image = f"/img/posts/absente-{i}.jpg"
    elif defect == "image-case":
        image = image.replace(".jpg", ".JPG")
    elif defect == "unknown-tag":
        tags.append("tagInconnu")
    elif defect == "placeholder-tag":
        tags = ["TODO"]
    elif defect == "unquoted-colon":
        title = f"Projet {i}: bilan"
    elif defect == "expired-offer":
        title = f"Offre de stage {i}"
        tags = ["recrutement"]
    lines = ["---", "layout: post", f"title: {title}" if defect == "unquoted-colon" else f'title: "{title}"']
    if defect != "no-author":
        lines.append(f"author: {author}")
    lines += [f'description: "{_sentence(rng, 12)}"', f"image: {image}", "twitter: exemple",
              "tags:", *(f"  - {t}" for t in tags), "---", ""]
    body = [f"## {_sentence(rng, 4).rstrip('.')}", "", _paragraph(rng), ""]
    for _ in range(rng.randint(1, 4)):
        other = rng.randrange(n)
        body.append(f"Voir aussi [cet article]({_url(other)}) et ![schéma](/img/posts/image-{other % 500:03d}.jpg).")
        body.append("")
    if defect == "broken-link":
        body.append(f"Un [lien cassé](/blog/2001/01/01/absent-{i}.html).\n")
    if defect == "bad-anchor":
        body.append(f"Une [ancre]({_url((i + 1) % n)}#section-absente).\n")
    if defect == "expired-offer":
        body += ["## Vos missions", "", _paragraph(rng), "", "## Rejoignez-nous", "",
                 "Candidatures avant le 15 décembre 2018.", ""]
    body += [f"### {_sentence(rng, 3).rstrip('.')}", "", _paragraph(rng), ""]
    return f"_posts/{day:%Y-%m-%d}-{slug}.md", "\n".join(lines + body)


def generate(out: Path, posts: int, seed: int = 1) -> Path:
    """Write a site of ``posts`` posts under ``out`` (created)."""
    rng = random.Random(seed)
    (out / "_posts").mkdir(parents=True, exist_ok=True)
    (out / "img" / "posts").mkdir(parents=True, exist_ok=True)
    (out / "tag").mkdir(exist_ok=True)
    (out / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (out / "postlint.toml").write_text('preset = "eig"\n', encoding="utf-8")
    for k in range(500):
        (out / "img" / "posts" / f"image-{k:03d}.jpg").write_bytes(b"")
    for tag in TAGS:
        from postlint.rules.tags.taxonomy import tag_page_slug

        name = tag_page_slug(tag, "{slug}", "ascii")
        (out / "tag" / f"{name}.md").write_text(f'---\nlayout: tag\ntitle: "Tag: {tag}"\ntag: {tag}\n---\n',
                                                encoding="utf-8")
    (out / "index.md").write_text("---\nlayout: home\ntitle: Accueil\n---\n\nBienvenue.\n", encoding="utf-8")
    every = max(1, posts // (3 * len(DEFECTS)))  # about three defects of each kind
    for i in range(posts):
        defect = DEFECTS[(i // every) % len(DEFECTS)] if i % every == 7 else None
        rel, text = _post(i, posts, rng, defect)
        (out / rel).write_text(text, encoding="utf-8")
    return out


def replicate(site: Path, out: Path, posts: int, seed: int = 1) -> Path:
    """Copy ``site`` to ``out``, then add generated posts up to ``posts``."""
    shutil.copytree(site, out, symlinks=True, ignore=shutil.ignore_patterns(".git", "_site"))
    existing = len(list((out / "_posts").glob("*.md"))) if (out / "_posts").is_dir() else 0
    rng = random.Random(seed)
    (out / "_posts").mkdir(exist_ok=True)
    extra = max(0, posts - existing)
    for i in range(extra):
        rel, text = _post(i, extra, rng, None)
        (out / rel).write_text(text, encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--replicate", type=Path, help="copy this site, then add posts up to --posts")
    args = parser.parse_args()
    if args.replicate:
        replicate(args.replicate, args.out, args.posts, args.seed)
    else:
        generate(args.out, args.posts, args.seed)
    print(args.out)


if __name__ == "__main__":
    main()
