"""Errors that name the file, the line and the field (issue #2: bad input gets a clear error)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class SourceProblem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class SourceError(Exception):
    """One or more problems in the curated sources; nothing has been written."""

    def __init__(self, problems: list[SourceProblem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildError(Exception):
    """The build could not complete; the previous release is untouched."""
