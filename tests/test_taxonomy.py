from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from postlint.rules.tags.taxonomy import (
    DEFAULT_PLACEHOLDERS,
    Replacement,
    TagShapeProblem,
    Vocabulary,
    analyse_tags_value,
    group_near_duplicates,
    is_placeholder,
    normalise_tag,
    propose_replacement,
    split_tag_string,
    tag_page_slug,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS_SITE = SHARED / "corpus" / "eig-site"

# A vocabulary written for these tests, in the style of a French editorial site.
ALLOWED = [
    "accompagnement",
    "datascience",
    "design",
    "développement",
    "méthode",
    "open data",
    "outil",
    "partenariat",
    "pérennisation",
    "écosystème",
]

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@pytest.fixture
def vocab() -> Vocabulary:
    return Vocabulary(ALLOWED)


# --- normalise_tag ----------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Développement", "developpement"),
        (" developpement ", "développement"),
        ("DÉVELOPPEMENT", "développement"),
        ("méthodes", "methode"),
        ("Design", "design"),
        ("open-data", "open data"),
        ("open_data", "open data"),
        ("open   data", "open-data"),
        ("open - data", "open_data"),
        ("cœur", "coeur"),
        ("Straße", "strasse"),
        ("e\u0301cosyste\u0300me", "écosystème"),  # decomposed input (macOS file names)
    ],
)
def test_normalise_equal(left: str, right: str) -> None:
    assert normalise_tag(left) == normalise_tag(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("open data", "opendata"),  # separators matter, joined words do not merge
        ("design", "designer"),
        ("bus", "bu"),
    ],
)
def test_normalise_different(left: str, right: str) -> None:
    assert normalise_tag(left) != normalise_tag(right)


def test_normalise_key_shape() -> None:
    assert normalise_tag("  Open__Data-Sets ") == "open data set"


def test_plural_only_on_last_word() -> None:
    # Inner words keep their "s": "process" and "analysis" are not plurals.
    assert normalise_tag("méthodes agiles") == "methodes agile"
    assert normalise_tag("process mining") == "process mining"


@pytest.mark.parametrize("word", ["bus", "ios", "gis", "css", "os"])
def test_plural_kept_on_short_words(word: str) -> None:
    # Three letters or fewer: the "s" is part of the word.
    assert normalise_tag(word) == word


@pytest.mark.parametrize(("word", "key"), [("outils", "outil"), ("tags", "tag"), ("open datas", "open data")])
def test_plural_dropped_on_longer_words(word: str, key: str) -> None:
    assert normalise_tag(word) == key


@pytest.mark.parametrize("word", ["process", "business", "stress"])
def test_double_s_is_not_a_plural(word: str) -> None:
    assert normalise_tag(word) == word


def test_normalise_blank() -> None:
    assert normalise_tag("  -_ ") == ""


# --- Vocabulary -------------------------------------------------------------


def test_is_allowed_is_exact(vocab: Vocabulary) -> None:
    assert vocab.is_allowed("développement")
    assert not vocab.is_allowed("developpement")
    assert not vocab.is_allowed("Design")
    assert "design" in vocab and "Design" not in vocab


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("developpement", "développement"),
        ("Design", "design"),
        ("methodes", "méthode"),
        ("Open-Data", "open data"),
        ("ecosysteme", "écosystème"),
        ("algorithme", None),
    ],
)
def test_canonical(vocab: Vocabulary, tag: str, expected: str | None) -> None:
    assert vocab.canonical(tag) == expected


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("developpement", ["développement"]),
        ("Design", ["design"]),
        ("methodes", ["méthode"]),
        ("developement", ["développement"]),  # typo: one "p" missing
        ("datasience", ["datascience"]),  # typo: one letter missing
        ("desing", ["design"]),  # swapped letters
        ("perenisation", ["pérennisation"]),
        ("data science", ["datascience"]),
        ("foo", []),
        ("recrutement", []),
        ("data", []),  # a prefix alone is too far from "datascience"
    ],
)
def test_suggest(vocab: Vocabulary, tag: str, expected: list[str]) -> None:
    assert vocab.suggest(tag) == expected


def test_suggest_exact_normal_form_comes_first() -> None:
    # "designs" is similar to both, but equal by normal form to "design" only.
    vocab = Vocabulary(["designer", "design"])
    assert vocab.suggest("designs", n=2) == ["design", "designer"]


def test_suggest_n_limits_and_orders(vocab: Vocabulary) -> None:
    assert vocab.suggest("partenaire", n=3) == ["partenariat"]
    assert vocab.suggest("design", n=0) == []
    assert len(vocab.suggest("developement", n=5)) <= 5


def test_suggest_cutoff_is_configurable() -> None:
    strict = Vocabulary(["partenariat"], cutoff=0.9)
    loose = Vocabulary(["partenariat"], cutoff=0.6)
    assert strict.suggest("partenaire") == []
    assert loose.suggest("partenaire") == ["partenariat"]


def test_ambiguity() -> None:
    vocab = Vocabulary(["design", "Design", "méthode", "methodes", "outil"])
    assert vocab.canonical("DESIGN") is None
    assert vocab.ambiguous("DESIGN") == ["design", "Design"]
    assert vocab.ambiguous("méthode") == ["méthode", "methodes"]
    assert vocab.ambiguous("outils") == []
    assert vocab.canonical("outils") == "outil"
    assert vocab.ambiguities() == [["design", "Design"], ["méthode", "methodes"]]
    # Both spellings are allowed exactly, so the site accepts either.
    assert vocab.is_allowed("Design")


def test_vocabulary_keeps_order_and_drops_repeats() -> None:
    vocab = Vocabulary(["b", "a", "b"])
    assert vocab.tags == ("b", "a")
    assert list(vocab) == ["b", "a"]
    assert len(vocab) == 2
    assert vocab.ambiguous("b") == []


# --- propose_replacement ----------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("Design", Replacement("design", True)),
        ("developpement", Replacement("développement", True)),
        ("méthodes", Replacement("méthode", True)),
        (" outil ", Replacement("outil", True)),
        ("developement", Replacement("développement", False)),
        ("desing", Replacement("design", False)),
        ("design", None),  # already allowed
        ("foo", None),  # nothing close
    ],
)
def test_propose_replacement(vocab: Vocabulary, tag: str, expected: Replacement | None) -> None:
    assert propose_replacement(tag, vocab) == expected


def test_propose_replacement_is_a_plain_tuple(vocab: Vocabulary) -> None:
    new_tag, safe = propose_replacement("Design", vocab) or ("", False)
    assert (new_tag, safe) == ("design", True)


def test_propose_replacement_refuses_to_choose_between_ambiguous_tags() -> None:
    vocab = Vocabulary(["design", "Design"])
    assert propose_replacement("DESIGN", vocab) is None


# --- tag_page_slug ----------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "slug"),
    [
        ("développement", "developpement"),
        ("pérennisation", "perennisation"),
        ("écosystème", "ecosysteme"),
        ("interdisciplinarité", "interdisciplinarite"),
        ("témoignage", "temoignage"),
        ("open data", "open-data"),
        ("Open  Data", "open-data"),
        ("open_data", "open-data"),
        ("l’État", "l-etat"),
        ("cœur de métier", "coeur-de-metier"),
        (" -design- ", "design"),
        ("IA & éthique", "ia-ethique"),
        ("???", ""),
    ],
)
def test_ascii_slug(tag: str, slug: str) -> None:
    assert tag_page_slug(tag) == slug
    assert tag_page_slug(tag, mode="ascii") == slug


@pytest.mark.parametrize(
    ("tag", "slug"),
    [
        # Jekyll's default mode keeps accented letters and lowercases.
        ("développement", "développement"),
        ("Écosystème", "écosystème"),
        ("open data", "open-data"),
        ("open_data", "open-data"),  # "_" is not a letter or digit
        ("The _config.yml file", "the-config-yml-file"),
        (" Q*bert says @!#?@!", "q-bert-says"),
        ("l’État", "l-état"),
        ("e\u0301te\u0301", "e\u0301te\u0301"),  # combining marks are kept
        ("web 3.0", "web-3-0"),
        ("²", ""),  # superscript digit is not a decimal digit
    ],
)
def test_jekyll_slug(tag: str, slug: str) -> None:
    assert tag_page_slug(tag, mode="jekyll") == slug


def test_slug_pattern() -> None:
    assert tag_page_slug("écosystème", "tag/{slug}.md") == "tag/ecosysteme.md"
    assert tag_page_slug("open data", "/tag/{slug}/", mode="jekyll") == "/tag/open-data/"


def test_slug_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="placeholder"):
        tag_page_slug("design", "tag/design.md")
    with pytest.raises(ValueError, match="unknown slug mode"):
        tag_page_slug("design", mode="latin")  # type: ignore[arg-type]


def _front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    _, header, _ = text.split("---", 2)
    data = yaml.load(header, Loader=Loader)
    assert isinstance(data, dict)
    return data


def test_corpus_tag_pages_match_slug() -> None:
    tag_dir = CORPUS_SITE / "tag"
    if not tag_dir.is_dir():
        pytest.skip(f"corpus not available at {CORPUS_SITE}")
    pages = sorted(tag_dir.glob("*.md"))
    assert pages, "the corpus tag folder has no pages"
    for page in pages:
        tag = _front_matter(page)["tag"]
        assert isinstance(tag, str)
        assert tag_page_slug(tag, "{slug}.md") == page.name, page


# --- group_near_duplicates --------------------------------------------------


def test_group_near_duplicates() -> None:
    used = ["Design", "outil", "design", "méthode", "Design", "methodes", "open-data", "open data", "open data"]
    assert group_near_duplicates(used) == [
        ["Design", "design"],
        ["méthode", "methodes"],
        ["open-data", "open data"],
    ]


def test_group_near_duplicates_needs_two_spellings() -> None:
    assert group_near_duplicates(["design", "design", "outil"]) == []
    assert group_near_duplicates([]) == []


def test_group_near_duplicates_skips_non_strings() -> None:
    assert group_near_duplicates(["2019", 2019, "Design", None, "design"]) == [["Design", "design"]]  # type: ignore[list-item]


def test_group_near_duplicates_scales_linearly() -> None:
    # 20 000 distinct tags: an all-pairs comparison would take minutes.
    tags = [f"tag{i}" for i in range(20_000)] + ["TAG1"]
    assert group_near_duplicates(tags) == [["tag1", "TAG1"]]


# --- analyse_tags_value -----------------------------------------------------


def _kinds(value: object) -> list[tuple[str, int | None]]:
    return [(problem.kind, problem.index) for problem in analyse_tags_value(value).problems]


def test_shape_clean_list() -> None:
    shape = analyse_tags_value(["design", "open data"])
    assert shape.tags == ["design", "open data"]
    assert shape.problems == []
    assert shape.ok


def test_shape_one_string_with_spaces() -> None:
    shape = analyse_tags_value(yaml.load("tags: design outil", Loader=Loader)["tags"])
    assert shape.tags == ["design", "outil"]
    assert shape.problems == [TagShapeProblem("one-string", None, "design outil")]
    assert not shape.ok


def test_shape_comma_string() -> None:
    shape = analyse_tags_value("design, outil,méthode")
    assert shape.tags == ["design", "outil", "méthode"]
    assert _kinds("design, outil,méthode") == [("comma-string", None)]


def test_shape_single_word_string() -> None:
    shape = analyse_tags_value("design")
    assert shape.tags == ["design"]
    assert _kinds("design") == [("single-string", None)]


def test_shape_nested_list() -> None:
    value = yaml.load("tags:\n- design\n- - outil\n  - méthode\n", Loader=Loader)["tags"]
    shape = analyse_tags_value(value)
    assert shape.tags == ["design", "outil", "méthode"]  # Jekyll flattens
    assert shape.problems == [TagShapeProblem("nested-list", 1, ["outil", "méthode"], (1,))]


def test_shape_problem_inside_nested_list_keeps_its_path() -> None:
    shape = analyse_tags_value(["design", ["outil", None]])
    assert [(p.kind, p.index, p.path) for p in shape.problems] == [
        ("nested-list", 1, (1,)),
        ("empty-item", 1, (1, 1)),
    ]


def test_shape_empty_items() -> None:
    value = yaml.load("tags:\n- design\n-\n- ''\n- '  '\n", Loader=Loader)["tags"]
    shape = analyse_tags_value(value)
    assert shape.tags == ["design"]
    assert [(p.kind, p.index, p.value) for p in shape.problems] == [
        ("empty-item", 1, None),
        ("empty-item", 2, ""),
        ("empty-item", 3, "  "),
    ]


def test_shape_non_string_items() -> None:
    value = yaml.load("tags: [2019, design, true, 2019-05-01, 1.5, {a: b}]", Loader=Loader)["tags"]
    shape = analyse_tags_value(value)
    assert shape.tags == ["2019", "design", "true", "2019-05-01", "1.5"]
    assert [(p.kind, p.index) for p in shape.problems] == [
        ("non-string-item", 0),
        ("non-string-item", 2),
        ("non-string-item", 3),
        ("non-string-item", 4),
        ("non-string-item", 5),
    ]
    assert shape.problems[3].value == 1.5
    assert isinstance(shape.problems[2].value, datetime.date)


def test_shape_comma_inside_a_list_item() -> None:
    shape = analyse_tags_value(["design", "outil, méthode"])
    assert shape.tags == ["design", "outil", "méthode"]
    assert _kinds(["design", "outil, méthode"]) == [("comma-string", 1)]


def test_shape_multiword_item_is_fine() -> None:
    assert _kinds(["open data"]) == []


@pytest.mark.parametrize(("value", "tags"), [(42, ["42"]), ({"a": "b"}, [])])
def test_shape_not_a_list(value: object, tags: list[str]) -> None:
    shape = analyse_tags_value(value)
    assert shape.tags == tags
    assert _kinds(value) == [("not-a-list", None)]


@pytest.mark.parametrize("value", [None, "", "   ", []])
def test_shape_empty_value_is_left_to_count_rules(value: object) -> None:
    shape = analyse_tags_value(value)
    assert shape.tags == []
    assert shape.ok


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("design outil", ["design", "outil"]),
        ("  design\toutil\n", ["design", "outil"]),
        ("open data, design", ["open data", "design"]),
        ("design,, outil,", ["design", "outil"]),
        ("design", ["design"]),
        ("", []),
    ],
)
def test_split_tag_string(text: str, tags: list[str]) -> None:
    assert split_tag_string(text) == tags


# --- placeholders -----------------------------------------------------------


@pytest.mark.parametrize(
    "tag",
    ["foo", "Bar", "baz", "TEST", "tests", "todo", "TBD", "xxx", "XXXX", "lorem", "Lorem Ipsum", "tag", "tag1", "Tag 2", "tests 2", "à définir", "A-Definir"],
)
def test_placeholders(tag: str) -> None:
    assert is_placeholder(tag)


@pytest.mark.parametrize("tag", ["design", "open data", "web3", "testing", "x", "taggage", "baztag", ""])
def test_not_placeholders(tag: str) -> None:
    assert not is_placeholder(tag)


def test_custom_placeholders() -> None:
    assert not is_placeholder("bar", placeholders={"foo"})
    assert is_placeholder("Brouillons", placeholders={"brouillon"})
    assert not is_placeholder("xxxx", placeholders={"foo"})
    assert "tag" in DEFAULT_PLACEHOLDERS
