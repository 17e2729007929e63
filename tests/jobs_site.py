"""A test site: 30 job offers of an imaginary French public employer,
published as a Jekyll collection (`_offres/`) over several years by several
editors, written for postlint's tests.

The offers carry their status in the keys of the worked example of
docs/job-offers.md (`open`, `status`, `poste_pourvu`, `poste_ferme`,
`poste_ouvert` / `post_ouvert`, `depublication_date`). Some have
contradictions planted on purpose: each offer declares, next to its text,
which key holds the mistake and which rule must report it there. The others
are consistent (open offers written in the editors' various styles, closed
and filled ones left as they were, without sections) and must get nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: the day the site is checked (the config pins it).
TODAY = "2024-06-01"

# -- bodies, in the styles the editors used --------------------------------

TUTOIEMENT = """
## La mission : accompagner les équipes produit

Tu rejoindras la direction du numérique pour aider les équipes à publier leurs données.

- animer les ateliers avec les services
- suivre la qualité des jeux de données

## Ton profil, tes atouts

Tu as envie de servir l'intérêt général et tu aimes le travail en équipe.

## Comment candidater ?

Écris-nous à recrutement at numerique.exemple.gouv.fr en joignant ton CV.
"""

VOUVOIEMENT = """
## Vos missions

### Au quotidien

- piloter les projets de la direction avec les équipes métier
- rendre compte au comité de suivi

## Profil recherché

Vous avez une expérience de la conduite de projet dans le secteur public.

## Pour candidater

Les candidatures se font sur [la place de l'emploi public](https://place-emploi-public.gouv.fr/offre-emploi/ref-2024-0042).
"""

PAR_DISCIPLINE = """
## Missions côté données

- construire les tableaux de bord des services

## Missions côté design

- mener les entretiens avec les usagers

## Profil

Une première expérience dans une équipe pluridisciplinaire est un plus.

## Nous rejoindre

Postulez via [notre formulaire](https://demarches.numerique.exemple.gouv.fr/candidature) avant le 30 juin 2024.
"""

PAR_CLE = """
## Vos missions

Vous serez le point de contact des administrations partenaires pour les sujets juridiques.

## Votre profil

Juriste, vous connaissez le droit des données publiques.

## Candidater

Le bouton ci-dessous ouvre le formulaire de candidature.
"""

ENGLISH = """
## Your role

You will help the teams of the directorate publish their data and maintain the open source tools they use.

## How to apply

Send your resume and a short letter to jobs@numerique.exemple.gouv.fr.
"""

ANCIEN = """
Offre publiée par le service des ressources humaines. Les détails du poste sont disponibles
auprès du secrétariat de la direction.
"""

PERIMEE = VOUVOIEMENT.replace(
    "Les candidatures se font sur", "Candidatures jusqu'au 15 mars 2024 sur")


@dataclass(frozen=True)
class Planted:
    """A mistake planted in an offer: the rule that must report it, and where
    (the line of a front-matter key, or the first line holding a phrase)."""

    code: str
    key: str | None = None
    phrase: str | None = None


@dataclass(frozen=True)
class Offer:
    slug: str
    title: str
    front: str
    body: str
    planted: tuple[Planted, ...] = field(default_factory=tuple)
    folder: str = "_offres"


def status(key: str) -> Planted:
    return Planted("PL405", key=key)


OFFERS: tuple[Offer, ...] = (
    # -- planted: `open: false` left with `status: open` (the status is what editors forget)
    Offer("chef-de-projet-donnees", "Chef·fe de projet données (F/H)",
          "open: false\nstatus: open\nposte_ouvert: 2023-09-04\n", VOUVOIEMENT, (status("status"),)),
    Offer("developpeur-back-end", "Développeur·se back-end",
          "status: open\nopen: false\nposte_pourvu: false\n", TUTOIEMENT, (status("status"),)),
    Offer("charge-communication", "Chargé·e de communication numérique",
          "open: false   # fermée en comité\nstatus: 'open'\n", PAR_DISCIPLINE, (status("status"),)),
    Offer("administrateur-systemes", "Administrateur·rice systèmes (alternance)",
          "open: false\nstatus: \"open\"\npost_ouvert: 2022-10-03\n", ANCIEN, (status("status"),)),
    Offer("designer-services", "Designer de services publics",
          "status: open\nposte_pourvu: false\nopen: false\n", PAR_CLE, (status("status"),)),
    # -- planted: still `open: true` after the offer left the site
    Offer("juriste-numerique", "Juriste du numérique",
          "open: true\ndepublication_date: 2024-01-15\n", VOUVOIEMENT, (status("open"),)),
    Offer("data-scientist-sante", "Data scientist santé",
          "depublication_date: 2023-12-31\nopen: true\nposte_ouvert: 2023-06-12\n", TUTOIEMENT, (status("open"),)),
    # -- planted: filled, but the status still says open
    Offer("product-owner", "Product owner (F/H)",
          "poste_pourvu: true\nstatus: open\n", PAR_DISCIPLINE, (status("status"),)),
    # -- planted: no `open` key, `status: open`, closing date past
    Offer("architecte-si", "Architecte des systèmes d'information",
          "status: open\nposte_ferme: 2024-03-01\n", VOUVOIEMENT, (status("status"),)),
    Offer("ergonome", "Ergonome",
          "poste_ouvert: 2023-11-02\nposte_ferme: 2024-02-15\nstatus: open\n", ANCIEN, (status("status"),)),
    Offer("stage-open-data", "Stage : appui à l'ouverture des données",
          "status: open\nposte_ferme: '2024-04-30'\n", TUTOIEMENT, (status("status"),)),
    # -- planted: filled, but `poste_pourvu: false`
    Offer("chef-de-projet-ia", "Chef·fe de projet intelligence artificielle",
          "status: filled\nposte_pourvu: false\nposte_ferme: 2024-02-01\n", ANCIEN, (status("poste_pourvu"),)),
    # -- planted: two keys still open after the offer left the site
    Offer("developpeur-front", "Développeur·se front-end",
          "open: true\nstatus: open\ndepublication_date: 2024-05-01\n", PAR_CLE,
          (status("open"), status("status"))),
    # -- planted: filled twice over, but still `open: true`
    Offer("analyste-donnees", "Analyste de données",
          "open: true\nstatus: filled\nposte_pourvu: true\n", ANCIEN, (status("open"),)),
    # -- planted: a status that means nothing
    Offer("responsable-securite", "Responsable de la sécurité des systèmes",
          "status: ouverte\nposte_ouvert: 2024-05-06\n", VOUVOIEMENT, (Planted("PL407", key="status"),)),
    # -- planted: still open past the deadline its text gives
    Offer("gestionnaire-marches", "Gestionnaire des marchés publics",
          "open: true\nstatus: open\ndate: 2024-02-20\n", PERIMEE,
          (Planted("PL406", phrase="jusqu'au 15 mars 2024"),)),
    # -- consistent open offers, in every style
    Offer("charge-ouverture-donnees", "Chargé·e d'ouverture des données",
          "open: true\nstatus: open\nposte_pourvu: false\nposte_ouvert: 2024-04-02\n"
          "depublication_date: 2024-09-30\n", TUTOIEMENT),
    Offer("chef-de-projet-usages", "Chef·fe de projet usages",
          "status: open\nopen: true\nposte_ouvert: 2024-03-18\n", VOUVOIEMENT),
    Offer("equipe-produit", "Équipe produit : data et design",
          "open: true\nposte_ouvert: 2024-05-13\nposte_ferme: 2024-07-15\n", PAR_DISCIPLINE),
    Offer("juriste-donnees", "Juriste données publiques",
          "open: true\nstatus: open\ncontact: recrutement-juridique@numerique.exemple.gouv.fr\n"
          "poste_ouvert: 2024-04-22\n", PAR_CLE),
    Offer("developpeur-outils", "Développeur·se outils internes",
          "open: true\nstatus: open\nexternalURL: https://recrutement.numerique.exemple.gouv.fr/poste/77\n"
          "poste_ouvert: 2024-05-02\n", PAR_CLE),
    Offer("open-source-engineer", "Open source engineer",
          "open: true\nstatus: open\nposte_ouvert: 2024-05-21\n", ENGLISH, folder="_offres/en"),
    Offer("urbaniste-si", "Urbaniste des systèmes d'information",
          "status: open\npost_ouvert: 2023-10-09\nposte_ferme: 2024-06-30\n", VOUVOIEMENT),
    # -- consistent closed and filled offers, left without sections nor contact
    Offer("stage-communication-2021", "Stage communication",
          "open: false\nstatus: filled\nposte_pourvu: true\nposte_ferme: 2021-06-30\n", ANCIEN),
    Offer("delegue-protection-donnees", "Délégué·e à la protection des données",
          "status: closed\nposte_ferme: 2022-02-28\n", ANCIEN),
    Offer("chef-de-projet-2022", "Chef·fe de projet (2022)",
          "open: false\nstatus: closed\nposte_pourvu: false\ndepublication_date: 2022-12-31\n", ANCIEN),
    Offer("data-engineer-2022", "Data engineer (2022)", "status: filled\n", ANCIEN),
    Offer("assistant-direction", "Assistant·e de direction", "poste_ferme: 2023-05-12\n", ANCIEN),
    Offer("webmestre", "Webmestre", "open: false\npost_ouvert: 2021-03-01\n", ANCIEN),
    Offer("cartographe", "Cartographe", "status: closed\nposte_pourvu: true\nposte_ferme: 2023-01-20\n", ANCIEN),
)

CONFIG_YML = """\
title: Direction du numérique (exemple)
lang: fr
collections:
  offres:
    output: true
    permalink: /offres/:path/
"""


def text_of(offer: Offer) -> str:
    return f"---\ntitle: \"{offer.title}\"\nlayout: offre\n{offer.front}---\n{offer.body}"


def path_of(offer: Offer) -> str:
    return f"{offer.folder}/{offer.slug}.md"


def write_site(root: Path, config_toml: str) -> None:
    """Write the site under ``root`` (its config: ``config_toml``)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "_config.yml").write_text(CONFIG_YML, encoding="utf-8")
    (root / "postlint.toml").write_text(config_toml, encoding="utf-8")
    for offer in OFFERS:
        target = root / path_of(offer)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text_of(offer), encoding="utf-8")


def expected_findings() -> set[tuple[str, str, int]]:
    """(path, code, line) of every planted mistake, the line found in the
    offer's own text: its key's line, or the first line holding its phrase."""
    out: set[tuple[str, str, int]] = set()
    for offer in OFFERS:
        lines = text_of(offer).split("\n")
        for plant in offer.planted:
            if plant.key is not None:
                line = next(i for i, text in enumerate(lines, 1) if text.startswith(f"{plant.key}:"))
            else:
                assert plant.phrase is not None
                line = next(i for i, text in enumerate(lines, 1) if plant.phrase in text)
            out.add((path_of(offer), plant.code, line))
    return out
