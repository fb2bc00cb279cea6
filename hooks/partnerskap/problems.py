"""Problems found in the staff's files, reported all at once as ``FILE:LINE: message``."""

from __future__ import annotations

from dataclasses import dataclass, field


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
        self.problems.append(Problem(self.path, line, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise DataError(self.problems)
