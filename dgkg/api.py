"""The Python API: the same answers as the command line, for notebooks.

>>> import dgkg
>>> kg = dgkg.open()                      # the graph shipped with the package
>>> rows = kg.query("parties", instrument="cptpp", on="2025-01-01")
>>> rows.columns[:5]
['party_code', 'party', 'act', 'date', 'is_party_on']
>>> sorted(r["party_code"] for r in rows if r["act"] == "entry-into-force" and r["is_party_on"])[:4]
['AU', 'BN', 'CA', 'CL']
>>> import datetime
>>> [r["date"] for r in rows if r["party_code"] == "GB" and r["act"] == "entry-into-force"] == [datetime.date(2024, 12, 15)]
True

Your own SPARQL, with values bound safely (never pasted into the text):

>>> kg.sparql("SELECT ?label WHERE { ?i dgkg:identifier ?slug ; rdfs:label ?label FILTER(lang(?label) = 'zh') }",
...           slug="gcdfci").rows
[{'label': '全球数据跨境流动合作倡议'}]

Transfer routes on a given day:

>>> answer = kg.transfer("EU", "US", on="2021-01-01")
>>> answer.recognitions
[]
>>> [r["route"] for r in kg.transfer("EU", "US", on="2019-06-01").recognitions]
['recognition: eu-adequacy-us-privacy-shield-2016']

``rows.to_df()`` gives a pandas DataFrame when pandas is installed; ``dgkg.open(endpoint=URL)``
runs the same queries on a SPARQL 1.1 endpoint.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .backend import backend
from .catalogue import NamedQuery, bind, bind_text, catalogue, resolve
from .results import Rows
from .transfer import TransferAnswer, transfer


class KnowledgeGraph:
    """A handle on dgkg: the shipped graph, a built dataset file, or a remote endpoint."""

    def __init__(self, graph_file: Path | str | None = None, endpoint: str | None = None, timeout: float = 30.0):
        # a notebook passes "graphs/dgkg.trig" as often as a Path
        self.backend = backend(endpoint, Path(graph_file) if graph_file is not None else None, timeout)

    def __repr__(self) -> str:
        return f"<dgkg.KnowledgeGraph on {self.backend.describe()}>"

    def queries(self) -> dict[str, NamedQuery]:
        """The catalogue of named queries (name -> question, parameters, columns)."""
        return catalogue()

    def query(self, name: str, **params) -> Rows:
        """Run a named query; parameters as keyword arguments (dates as ``datetime.date`` or ``YYYY-MM-DD``)."""
        given = {k: (v.isoformat() if isinstance(v, dt.date) else str(v)) for k, v in params.items() if v is not None}
        return self.backend.select(bind(resolve(name), given))

    def sparql(self, text: str, **bindings) -> Rows:
        """Run your own SELECT; ``?name`` variables are bound to the keyword arguments' values."""
        return self.backend.select(bind_text(text, bindings))

    def transfer(self, exporter: str, importer: str, on: dt.date | str | None = None) -> TransferAnswer:
        """The legal routes for personal data from ``exporter`` to ``importer`` on a day."""
        return transfer(self.backend, exporter, importer, on)


def open(graph_file: str | Path | None = None, *, endpoint: str | None = None, timeout: float = 30.0) -> KnowledgeGraph:  # noqa: A001
    """Open the shipped graph (default), a built TriG / N-Quads file, or a SPARQL endpoint."""
    return KnowledgeGraph(Path(graph_file) if graph_file else None, endpoint, timeout)
