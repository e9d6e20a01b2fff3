"""Running a bound query on the embedded store and formatting the rows (table, csv, tsv, json)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"


def python_value(term):
    """Typed Python value of a pyoxigraph term: dates, integers, booleans, IRIs as str."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype else ""
        try:
            if datatype == XSD + "date":
                return dt.date.fromisoformat(term.value)
            if datatype in (XSD + "integer", XSD + "int", XSD + "long", XSD + "nonNegativeInteger"):
                return int(term.value)
            if datatype == XSD + "boolean":
                return term.value == "true"
            if datatype in (XSD + "decimal", XSD + "double", XSD + "float"):
                return float(term.value)
        except ValueError:
            return term.value
        return term.value
    return str(term)


@dataclass
class Rows:
    columns: list[str]
    rows: list[dict]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __getitem__(self, index: int) -> dict:
        return self.rows[index]

    def to_df(self):
        import pandas as pd  # optional dependency

        return pd.DataFrame(self.rows, columns=self.columns)


def run_select(store: ox.Store, query_text: str) -> Rows:
    solutions = store.query(query_text, use_default_graph_as_union=True)
    columns = [v.value for v in solutions.variables]
    rows = [{c: python_value(sol[c]) for c in columns} for sol in solutions]
    return Rows(columns, rows)


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def to_delimited(rows: Rows, delimiter: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(rows.columns)
    for row in rows.rows:
        writer.writerow([text_of(row[c]) for c in rows.columns])
    return out.getvalue()


def to_json(rows: Rows) -> str:
    return json.dumps(
        {"columns": rows.columns, "rows": [{c: (text_of(r[c]) if isinstance(r[c], dt.date) else r[c]) for c in rows.columns} for r in rows.rows]},
        ensure_ascii=False, indent=2,
    )
