"""The import's own error: names the file, the row or line, and the column; nothing was imported."""

from __future__ import annotations

MAX_LISTED = 20


class ImportProblem(Exception):
    """A file that cannot be imported; the message says where and what to do."""


class ProblemList:
    """Collects row problems so one run reports many, not just the first."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self.items: list[str] = []
        self.count = 0
        self.advice: list[str] = []  # what to do, said once after the list however long it is

    def add(self, where: str, message: str) -> None:
        self.count += 1
        if len(self.items) < MAX_LISTED:
            self.items.append(f"{self.file_name}: {where}: {message}")

    def raise_if_any(self) -> None:
        if not self.count:
            return
        more = (
            f"\n... and {self.count - len(self.items)} more problems" if self.count > len(self.items) else ""
        )
        advice = "".join(f"\n{a}" for a in self.advice)
        raise ImportProblem(
            "\n".join(self.items)
            + more
            + advice
            + f"\nnothing was imported ({self.count} problem{'s' * (self.count != 1)})"
        )
