"""A validation finding that points at one cell, so a data officer can go straight to it."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Issue:
    file: str
    row: int  # line in the file, the header being line 1; 0 for the file as a whole
    column: str
    message: str
    severity: str = "error"  # "error" stops loading; "warning" is reported and kept

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.severity}: {self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


class DataError(Exception):
    """Raised when a data folder has errors; carries every issue found, not just the first."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        errors = [i for i in issues if i.severity == "error"]
        super().__init__("\n".join(str(i) for i in errors) or "data error")


class WorkspaceError(Exception):
    """Opening or saving a workspace failed; the message says what, where, and that nothing changed."""
