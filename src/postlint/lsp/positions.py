"""Between postlint's positions and the editor's.

postlint counts 1-based lines and columns in characters of the decoded
text (BOM removed; ``\\r\\n``, ``\\r`` and ``\\n`` each end a line), and fix
edits in character offsets of that text. The Language Server Protocol
counts 0-based lines (the same three line endings) and columns in code
units of the negotiated encoding: UTF-16 unless client and server agreed
on UTF-8 or UTF-32. A character outside the Basic Multilingual Plane (an
emoji) is one postlint column but two UTF-16 units.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

_LINE_BREAK = re.compile(r"\r\n?|\n")
BOM = "\ufeff"


def units(text: str, encoding: str) -> int:
    """How many code units ``text`` takes in the editor's encoding."""
    if encoding == "utf-32":
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


@dataclass
class Lines:
    """The line table of an editor buffer, for converting positions both ways.

    ``text`` is the buffer as the editor holds it; postlint lints it
    without a leading BOM (:attr:`lint_text`), so offsets and line-1
    columns of postlint are shifted past it here.
    """

    text: str
    encoding: str = "utf-16"
    starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.starts = [0, *(m.end() for m in _LINE_BREAK.finditer(self.text))]
        self.bom = 1 if self.text.startswith(BOM) else 0

    @property
    def lint_text(self) -> str:
        return self.text[self.bom:]

    def line_text(self, line: int) -> str:
        """The 0-based ``line`` without its line ending."""
        if line >= len(self.starts):
            return ""
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[line]:end].rstrip("\r\n")

    # -- buffer offsets (characters of the editor's text) <-> LSP positions --------
    def position(self, offset: int) -> tuple[int, int]:
        """``(line, character)`` of a character offset of the buffer."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, units(self.text[self.starts[line]:offset], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """The character offset of an LSP position (clamped to its line)."""
        if line >= len(self.starts):
            return len(self.text)
        row = self.line_text(line)
        count = 0
        for index, ch in enumerate(row):
            if count >= character:
                return self.starts[line] + index
            count += units(ch, self.encoding)
        return self.starts[line] + len(row)

    # -- postlint's coordinates ------------------------------------------------------
    def from_lint_offset(self, offset: int) -> tuple[int, int]:
        """A fix edit's offset (text without BOM) as an LSP position."""
        return self.position(offset + self.bom)

    def to_lint_offset(self, line: int, character: int) -> int:
        return max(0, self.offset(line, character) - self.bom)

    def from_line_column(self, line: int, column: int) -> tuple[int, int]:
        """A 1-based ``line:column`` of a finding as an LSP position."""
        row = max(0, min(line - 1, len(self.starts) - 1))
        text = self.line_text(row)
        shift = self.bom if row == 0 else 0
        chars = max(0, min(column - 1 + shift, len(text)))
        return row, units(text[:chars], self.encoding)

    def line_end(self, line: int) -> int:
        """The LSP character at the end of the 0-based ``line``."""
        return units(self.line_text(line), self.encoding)
