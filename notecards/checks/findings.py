"""What every check reports: a `Finding` (how bad, which check, whose note, what is wrong, how to fix it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One problem with the batch: how bad, which check, whose note (None: the whole file), what, how to fix it."""

    severity: Severity
    code: str
    recipient: str | None
    message: str
    fix: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "code": self.code,
            "recipient": self.recipient,
            "message": self.message,
            "fix": self.fix,
        }
