"""Post: loading, front-matter splitting, positions, file-name dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from postlint.core.document import Post


def kinds(post: Post) -> list[str]:
    return [i.kind for i in post.issues]


# -- front matter splitting ------------------------------------------------------
def test_front_matter_and_body_are_split() -> None:
    post = Post.from_text("---\ntitle: Bonjour\n---\nLe texte.\n")
    assert post.has_front_matter
    assert post.front_matter == {"title": "Bonjour"}
    assert post.body == "Le texte.\n"
    assert post.body_start_line == 4
    assert post.issues == []


def test_delimiters_followed_by_spaces_are_accepted() -> None:
    post = Post.from_text("---   \ntitle: a\n--- \t\nbody")
    assert post.front_matter == {"title": "a"}
    assert post.body == "body"


def test_dots_close_the_front_matter() -> None:
    post = Post.from_text("---\ntitle: a\n...\nbody\n")
    assert post.front_matter == {"title": "a"}
    assert post.body_start_line == 4


def test_closing_delimiter_at_end_of_file_without_newline() -> None:
    post = Post.from_text("---\ntitle: a\n---")
    assert post.front_matter == {"title": "a"}
    assert post.body == ""


@pytest.mark.parametrize("text", ["---", "---\n", "--- \n", "---\ntitle: a\n\nLe texte.\n"])
def test_unclosed_front_matter(text: str) -> None:
    post = Post.from_text(text)
    assert kinds(post) == ["unclosed-front-matter"]
    assert post.front_matter is None


def test_four_dashes_are_not_a_front_matter() -> None:
    post = Post.from_text("----\ntitle: x\n---\n")
    assert not post.has_front_matter
    assert post.issues == []


def test_empty_front_matter_is_an_empty_mapping() -> None:
    post = Post.from_text("---\n---\nTexte.\n")
    assert post.has_front_matter and post.front_matter == {}
    assert post.issues == [] and post.body_start_line == 3


def test_no_front_matter() -> None:
    post = Post.from_text("Juste du texte.\n")
    assert not post.has_front_matter and post.front_matter is None and post.issues == []


# -- bytes ---------------------------------------------------------------------------
def test_bom_is_removed_and_positions_stay_right(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbf---\ntitle: \xc3\xa9t\xc3\xa9\n---\n")
    post = Post.load(path, tmp_path)
    assert post.had_bom and post.issues == []
    assert post.text.startswith("---")
    span = post.span_of("title", value=True)
    assert span and (span.line, span.column) == (2, 8)
    assert post.text[span.start : span.end] == "été"


def test_crlf_front_matter_is_found() -> None:
    post = Post.from_text("---\r\ntitle: a\r\nauthor: b\r\n---\r\nTexte\r\n")
    assert post.front_matter == {"title": "a", "author": "b"}
    assert post.body == "Texte\r\n"
    assert post.body_start_line == 5
    span = post.span_of("author", value=True)
    assert span and (span.line, span.column) == (3, 9)
    assert post.text[span.start : span.end] == "b"
    assert post.lines[1] == "title: a"


def test_not_utf8_reports_the_byte_position(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"---\ntitle: caf\xe9\n---\n")
    post = Post.load(path, tmp_path)
    assert [(i.kind, i.line, i.column, i.params["byte"]) for i in post.issues] == [("not-utf8", 2, 11, "0xE9")]
    assert not post.faithful


def test_empty_binary_and_large_files(tmp_path: Path) -> None:
    (tmp_path / "e.md").write_bytes(b"")
    (tmp_path / "b.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "l.md").write_bytes(b"x" * 2000)
    assert kinds(Post.load(tmp_path / "e.md", tmp_path)) == ["empty-file"]
    assert kinds(Post.load(tmp_path / "b.md", tmp_path)) == ["binary-file"]
    big = Post.load(tmp_path / "l.md", tmp_path, max_bytes=1000)
    assert kinds(big) == ["file-too-large"]
    assert big.issues[0].params == {"size": 2000, "limit": 1000}


def test_unreadable_file_is_an_issue_not_an_exception(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\n---\n")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    post = Post.load(path, tmp_path)
    assert [(i.kind, i.params["reason"]) for i in post.issues] == [("unreadable-file", "Permission denied")]


def test_relpath_is_relative_to_root(tmp_path: Path) -> None:
    (tmp_path / "_posts").mkdir()
    path = tmp_path / "_posts" / "2024-01-02-a.md"
    path.write_text("x")
    assert Post.load(path, tmp_path).relpath == "_posts/2024-01-02-a.md"


# -- positions helpers -------------------------------------------------------------
def test_offset_and_position_round_trip() -> None:
    post = Post.from_text("ab\ncdé\r\nf")
    for offset in range(len(post.text)):
        assert post.offset(*post.position(offset)) == offset
    assert post.position(3) == (2, 1)
    assert post.position(8) == (3, 1)


def test_body_tokens_map_to_file_lines() -> None:
    post = Post.from_text("---\ntitle: a\n---\n\n# Titre\n\nTexte.\n")
    heading = next(tok for tok, _ in post.headings())
    assert post.token_line(heading) == 5
    assert [text for _, text in post.headings()] == ["Titre"]


# -- suppressions parsing -------------------------------------------------------------
def test_suppression_comments_are_parsed() -> None:
    post = Post.from_text(
        "Texte\n<!-- postlint-disable PL101, invalid-value -->\n<!--postlint-enable-->\n"
        "<!-- postlint-disable-next-line -->\n<!-- postlint-disable-file PL2 -->\n"
    )
    assert [(s.kind, s.line, s.codes) for s in post.suppressions] == [
        ("disable", 2, ("PL101", "invalid-value")),
        ("enable", 3, ()),
        ("disable-next-line", 4, ()),
        ("disable-file", 5, ("PL2",)),
    ]


def test_not_utf8_column_counts_characters(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes("---\ntitle: été ".encode() + b"caf\xe9\n---\n")
    [issue] = Post.load(path, tmp_path).issues
    assert (issue.line, issue.column) == (2, 15)
