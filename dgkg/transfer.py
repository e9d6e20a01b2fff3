"""Transfer routes for personal data from one jurisdiction's regime to another on a date.

Combines three named queries — ``transfer-routes`` (recognitions in force and the exporting regime's
mechanisms), ``shared-commitments`` (binding data-flow commitments in force for both, as context) —
into one answer that says plainly when the graph cannot answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .catalogue import QueryError, bind, bind_text, resolve

CONTEXT_TOPICS = {"cross-border-data-transfer", "data-localisation", "personal-information-protection", "privacy-interoperability"}


@dataclass
class TransferAnswer:
    exporter: str
    importer: str
    on: dt.date
    regime: str | None
    recognitions: list[dict] = field(default_factory=list)
    mechanisms: list[dict] = field(default_factory=list)
    commitments: list[dict] = field(default_factory=list)

    @property
    def answered(self) -> bool:
        return self.regime is not None

    def statement(self) -> str:
        if self.regime is None:
            return (f"The graph holds no data-protection regime for {self.exporter} (nor for a union it belongs to on "
                    f"{self.on}); it cannot say how personal data may leave it.")
        if self.recognitions:
            kinds = ", ".join(sorted({r["mechanism_type"] for r in self.recognitions}))
            scoped = [r["conditions"] for r in self.recognitions if r["conditions"] != "whole jurisdiction"]
            scope = f" — limited to: {'; '.join(scoped)}" if scoped else ""
            return (f"On {self.on}, {self.exporter} ({self.regime}) recognises {self.importer} ({kinds}){scope}. "
                    f"Otherwise, {len(self.mechanisms)} mechanism(s) of the exporting regime apply.{self.caveat()}")
        return (f"On {self.on}, no recognition by {self.exporter} ({self.regime}) of {self.importer} is in force in the graph; "
                f"transfers rely on the exporting regime's {len(self.mechanisms)} mechanism(s).{self.caveat()}")

    def caveat(self) -> str:
        """Routes resting on facts the curators could not fully verify (dgkg:verified false)."""
        unverified = [r["route"] for r in self.recognitions + self.mechanisms if r.get("verified") == "no"]
        return f" Not verified in the sources (see each fact's note): {', '.join(unverified)}." if unverified else ""

    def to_dict(self) -> dict:
        def plain(rows):
            return [{k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in r.items()} for r in rows]

        return {"from": self.exporter, "to": self.importer, "on": self.on.isoformat(), "regime": self.regime,
                "answered": self.answered, "statement": self.statement(), "recognitions": plain(self.recognitions),
                "mechanisms": plain(self.mechanisms), "shared_commitments": plain(self.commitments)}


def known_code(backend, code: str) -> bool:
    rows = backend.select(bind_text("SELECT (COUNT(?j) AS ?n) WHERE { ?j dgkg:code ?code }", {"code": code})).rows
    return bool(rows and rows[0]["n"])


def transfer(backend, exporter: str, importer: str, on: dt.date | str | None = None) -> TransferAnswer:
    day = dt.date.fromisoformat(on) if isinstance(on, str) else (on or dt.date.today())
    for code in (exporter, importer):
        bind(resolve("transfer-routes"), {"from": code, "to": code, "on": day.isoformat()})  # validates the code's syntax
        if not known_code(backend, code):
            raise QueryError(f"unknown jurisdiction code {code!r}")
    routes = backend.select(bind(resolve("transfer-routes"), {"from": exporter, "to": importer, "on": day.isoformat()})).rows
    commitments = backend.select(bind(resolve("shared-commitments"), {"a": exporter, "b": importer, "on": day.isoformat()})).rows
    regime = routes[0]["regime"] if routes else None
    return TransferAnswer(
        exporter, importer, day, regime,
        recognitions=[r for r in routes if r["route_kind"] == "recognition"],
        mechanisms=[r for r in routes if r["route_kind"] == "mechanism"],
        commitments=[c for c in commitments if c["topic"] in CONTEXT_TOPICS],
    )
