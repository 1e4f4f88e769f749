"""A decoded file and the mapping from character offsets to line and column."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from replylint.model import Position, Span

BOM = "\ufeff"


class DecodeError(Exception):
    """The bytes are not UTF-8; carries the offending line for the finding."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass(frozen=True, slots=True)
class SourceFile:
    """The text of one file as on disk (a leading BOM removed), with its line starts.

    Line endings are kept as they are, so offsets into `text` are offsets into the file's
    characters; a CR before LF is simply the last character of its line.
    """

    path: str
    text: str
    line_starts: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        starts = [0]
        find = self.text.find
        index = find("\n")
        while index != -1:
            starts.append(index + 1)
            index = find("\n", index + 1)
        object.__setattr__(self, "line_starts", tuple(starts))

    @classmethod
    def from_bytes(cls, path: str, data: bytes) -> SourceFile:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            raise DecodeError(
                f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8",
                line,
                column,
            ) from None
        return cls(path, text.removeprefix(BOM))

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self.text)))
        line_index = bisect.bisect_right(self.line_starts, offset) - 1
        return Position(line_index + 1, offset - self.line_starts[line_index] + 1)

    def span(self, start: int, end: int) -> Span:
        return Span(self.position(start), self.position(max(start, end)))

    def offset(self, line: int, column: int) -> int:
        """The offset of a 0-based line and column (as YAML parsers report them)."""
        if line >= len(self.line_starts):
            return len(self.text)
        return min(self.line_starts[line] + column, len(self.text))

    def line_text(self, line: int) -> str:
        """The 1-based line without its line ending."""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def line_end(self, offset: int) -> int:
        """The offset of the end of the line holding `offset`, before its line ending."""
        end = self.text.find("\n", offset)
        end = len(self.text) if end == -1 else end
        if end > offset and self.text[end - 1] == "\r":
            end -= 1
        return end
