"""Problems found in the staff's files, reported all at once as ``FILE:LINE: message``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_UNPRINTABLE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r"}


def shown_path(path: Path, project_dir: Path) -> str:
    """A file as staff know it, for the start of a message: relative to the project folder (the
    folder of mkdocs.yml) when it is inside."""
    try:
        return path.resolve().relative_to(project_dir.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return str(path)


def one_line(text: str) -> str:
    """Text for a message line: line breaks, control characters (a terminal would obey them) and
    lone surrogates (no log can print them) are written as escapes, such as ``\\n`` and ``\\x07``."""
    return _UNPRINTABLE.sub(
        lambda m: _ESCAPES.get(m[0]) or (f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}"), text
    )


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place of a staff file."""

    path: str
    """The file as staff know it, relative to the project folder (``members.yaml``)."""
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class DataError(Exception):
    """Raised when a file has problems; carries every one of them, in file and line order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class Report:
    """Collects the problems of one file while it is read, checked and cross-referenced."""

    path: str
    problems: list[Problem] = field(default_factory=list)

    def error(self, line: int, message: str) -> None:
        # Every message is one line, whatever staff wrote in the value it quotes, so that it
        # reads as FILE:LINE: message in a log and an editor can jump to it.
        self.problems.append(Problem(self.path, line, one_line(message)))

    def raise_if_any(self) -> None:
        if self.problems:
            raise DataError(self.problems)
