"""Figures of the graph with matplotlib (Agg canvas, never a display): the recognition matrix and the
network of binding instruments and their parties.

Both figures come from the named queries — ``recognitions`` and ``parties`` — so they show exactly
what ``dgkg query`` answers. SVG output is deterministic: a fixed ``svg.hashsalt``, text kept as text
(``svg.fonttype: none``, so labels are searchable) and no date in the metadata; the network layout
uses a fixed seed (networkx's spring layout when networkx is installed, else a layout of our own).
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from . import __version__

FORMATS = ("svg", "png")
RC = {"svg.hashsalt": "dgkg", "svg.fonttype": "none", "font.family": "DejaVu Sans", "font.size": 9,
      "axes.titlesize": 11, "figure.dpi": 100, "savefig.dpi": 150}

# Okabe-Ito colours (distinguishable with colour-vision deficiencies), a letter in each cell as well
KINDS = {
    "adequacy": ("#0072B2", "A", "adequacy"),
    "partial-adequacy": ("#56B4E9", "P", "partial adequacy"),
    "equivalence": ("#009E73", "E", "equivalence"),
    "designation": ("#E69F00", "D", "designation"),
    "certification-recognition": ("#CC79A7", "C", "certification recognition"),
    "mechanism-correspondence": ("#D55E00", "M", "mechanism correspondence"),
}
OTHER_KIND = ("#7F7F7F", "?", "other")
ENDED, PENDING = "#8C8C8C", "#D9D9D9"
INSTRUMENT_KINDS = {
    "trade-agreement": "#0072B2", "digital-economy-agreement": "#009E73", "convention": "#D55E00",
    "protocol": "#CC79A7", "treaty": "#E69F00",
}


class PlotError(ValueError):
    """Bad input: an output file name without .svg / .png, an unknown instrument (exit code 2)."""


class NothingToPlot(PlotError):
    """The graph holds nothing to draw for the request (exit code 1)."""


def output_format(path: Path) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise PlotError(f"{path}: the file name must end in .svg or .png")
    return fmt


def render(fig: Figure, fmt: str, title: str) -> bytes:
    """The figure as SVG or PNG bytes, without a creation date (same input, same bytes)."""
    buffer = io.BytesIO()
    metadata = {"Date": None, "Title": title} if fmt == "svg" else {"Title": title}
    with matplotlib.rc_context(RC):
        fig.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()


def new_figure(width: float, height: float) -> Figure:
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(width, height), layout="constrained")
        FigureCanvasAgg(fig)  # the Agg canvas: no display, no pyplot state
    return fig


def day_of(on: dt.date | str | None) -> dt.date:
    if on is None:
        return dt.date.today()
    return on if isinstance(on, dt.date) else dt.date.fromisoformat(on)


# ---------------------------------------------------------------- recognition matrix


@dataclass
class Cell:
    in_force: list[str]      # kinds in force on the day
    ended: list[str]         # kinds that were in force and ended (expired, invalidated, superseded)
    pending: list[str]       # kinds proposed or starting after the day

    def colour(self) -> str:
        if self.in_force:
            return KINDS.get(self.in_force[0], OTHER_KIND)[0]
        return PENDING if self.pending and not self.ended else ENDED

    def letters(self) -> str:
        if self.in_force:
            return "".join(KINDS.get(k, OTHER_KIND)[1] for k in self.in_force)
        return "".join(KINDS.get(k, OTHER_KIND)[1].lower() for k in (self.ended or self.pending))


def kind_order(kind: str) -> int:
    return list(KINDS).index(kind) if kind in KINDS else len(KINDS)


def matrix_cells(kg, day: dt.date) -> dict[tuple[str, str], Cell]:
    """(recogniser, recognised) -> what recognitions there are, and which are in force on ``day``."""
    everything = kg.query("recognitions").rows
    in_force = {row["recognition"] for row in kg.query("recognitions", on=day).rows}
    sets: dict[tuple[str, str], dict[str, set]] = defaultdict(lambda: {"in_force": set(), "ended": set(), "pending": set()})
    for row in everything:
        key = (str(row["recogniser_code"]), str(row["recognised_code"]))
        kind = str(row["kind"])
        if row["recognition"] in in_force:
            sets[key]["in_force"].add(kind)
        elif row["status"] == "proposed" or (isinstance(row["valid_from"], dt.date) and row["valid_from"] > day):
            sets[key]["pending"].add(kind)
        else:
            sets[key]["ended"].add(kind)
    return {key: Cell(*(sorted(s[name], key=kind_order) for name in ("in_force", "ended", "pending"))) for key, s in sets.items()}


def plot_matrix(kg, on: dt.date | str | None = None, fmt: str = "svg") -> bytes:
    """The recognition matrix: rows recognise columns; a cell's colour is the kind in force on the day,
    grey when the recognitions between the two have ended, light grey when only proposed or future."""
    day = day_of(on)
    cells = matrix_cells(kg, day)
    if not cells:
        raise NothingToPlot("the graph holds no recognitions")
    rows = sorted({a for a, _ in cells})
    cols = sorted({b for _, b in cells})
    fig = new_figure(max(7.0, 0.24 * len(cols) + 3.2), max(4.0, 0.3 * len(rows) + 3.0))
    with matplotlib.rc_context(RC):
        ax = fig.add_subplot()
        for (a, b), cell in sorted(cells.items()):
            x, y = cols.index(b), rows.index(a)
            ax.add_patch(Rectangle((x - 0.45, y - 0.45), 0.9, 0.9, facecolor=cell.colour(), edgecolor="none"))
            letters = cell.letters()
            ax.text(x, y, letters, ha="center", va="center", fontsize=5.5 if len(letters) > 1 else 6.5,
                    color="white" if cell.in_force else "#303030")
        ax.set_xlim(-0.5, len(cols) - 0.5)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xticks(range(len(cols)), cols, rotation=90, fontsize=7)
        ax.set_yticks(range(len(rows)), rows, fontsize=8)
        ax.set_xticks([i - 0.5 for i in range(1, len(cols))], minor=True)
        ax.set_yticks([i - 0.5 for i in range(1, len(rows))], minor=True)
        ax.grid(which="minor", color="#EEEEEE", linewidth=0.6)
        ax.tick_params(which="minor", length=0)
        ax.set_xlabel("recognised (jurisdiction code or organisation / mechanism slug)")
        ax.set_ylabel("recogniser")
        ax.set_title(f"Recognitions between data-protection regimes on {day.isoformat()}", loc="left")
        present = {k for cell in cells.values() for k in cell.in_force + cell.ended + cell.pending}
        handles = [Patch(facecolor=colour, label=f"{letter}  {label} (in force)")
                   for kind, (colour, letter, label) in KINDS.items() if kind in present]
        handles += [Patch(facecolor=ENDED, label="ended: expired, invalidated or superseded (lower-case letter)"),
                    Patch(facecolor=PENDING, label="proposed or not yet in force")]
        fig.legend(handles=handles, loc="outside lower left", ncol=2, fontsize=7, frameon=False)
        fig.text(0.995, 0.005, f"dgkg {__version__} · named query `recognitions` · data CC BY 4.0", ha="right", va="bottom",
                 fontsize=6, color="#606060")
    return render(fig, fmt, f"dgkg recognition matrix on {day.isoformat()}")


# ---------------------------------------------------------------- instruments and parties


@dataclass
class Network:
    instruments: dict[str, dict]            # slug -> {"label", "kind"}
    edges: list[tuple[str, str, bool]]      # (instrument slug, party code, is a party on the day)

    @property
    def parties(self) -> list[str]:
        return sorted({p for _, p, _ in self.edges})


INSTRUMENTS_WITH_PARTICIPATIONS = """
SELECT ?slug ?short_name ?kind WHERE {
  ?i dgkg:identifier ?slug ; a ?class .
  ?class rdfs:subClassOf* dgkg:BindingInstrument ; dgkg:slug ?kind .
  FILTER EXISTS { ?p a dgkg:Participation ; dgkg:instrument ?i }
  OPTIONAL { ?i dgkg:shortName ?short_name }
} ORDER BY ?slug ?kind
"""


def network_data(kg, day: dt.date, only: list[str] | None = None) -> Network:
    """Binding instruments with at least one party on ``day`` (named query ``parties``), and every party
    act on them: a solid edge for a party on the day, a dashed one for a signatory, applicant or
    former party that is not."""
    instruments: dict[str, dict] = {}
    for row in kg.sparql(INSTRUMENTS_WITH_PARTICIPATIONS).rows:
        entry = instruments.setdefault(row["slug"], {"label": row["short_name"] or row["slug"], "kind": row["kind"]})
        if row["kind"] != "treaty":  # the most specific kind wins over the generic class
            entry["kind"] = row["kind"]
    if only:
        unknown = sorted(set(only) - set(instruments))
        if unknown:
            raise PlotError(f"no binding instrument with party acts: {', '.join(unknown)}")
        instruments = {slug: instruments[slug] for slug in only}
    edges: list[tuple[str, str, bool]] = []
    for slug in sorted(instruments):
        status: dict[str, bool] = {}
        for row in kg.query("parties", instrument=slug, on=day).rows:
            code = str(row["party_code"])
            status[code] = status.get(code, False) or bool(row["is_party_on"])
        if any(status.values()):
            edges += [(slug, code, is_party) for code, is_party in sorted(status.items())]
    kept = {slug for slug, _, _ in edges}
    if not kept:
        raise NothingToPlot(f"no binding instrument has a party on {day.isoformat()}")
    return Network({slug: info for slug, info in sorted(instruments.items()) if slug in kept}, edges)


def ring_layout(net: Network) -> dict[str, tuple[float, float]]:
    """Instruments on an inner ring, parties on an outer ring at the mean angle of their instruments
    (so each party sits near the instruments it belongs to). Deterministic."""
    pos: dict[str, tuple[float, float]] = {}
    slugs = list(net.instruments)
    angle = {slug: 2 * math.pi * i / len(slugs) for i, slug in enumerate(slugs)}
    for slug in slugs:
        pos["i:" + slug] = (math.cos(angle[slug]), math.sin(angle[slug]))
    links: dict[str, list[str]] = defaultdict(list)
    for slug, party, _ in net.edges:
        links[party].append(slug)

    def mean_angle(party: str) -> float:
        x = sum(math.cos(angle[s]) for s in links[party])
        y = sum(math.sin(angle[s]) for s in links[party])
        return math.atan2(y, x) % (2 * math.pi)

    parties = sorted(net.parties, key=lambda p: (round(mean_angle(p), 6), p))
    for i, party in enumerate(parties):
        a = 2 * math.pi * i / len(parties)
        pos["p:" + party] = (2.2 * math.cos(a), 2.2 * math.sin(a))
    return pos


def layout(net: Network) -> dict[str, tuple[float, float]]:
    """ForceAtlas2 (networkx >= 3.4) from the ring layout, with gravity so that small components stay
    near the rest; a fixed seed makes it repeatable. Without networkx, the ring layout."""
    start = ring_layout(net)
    try:
        import networkx as nx
        import numpy as np
    except ImportError:
        return start
    if not hasattr(nx, "forceatlas2_layout"):
        return start
    graph = nx.Graph()
    graph.add_nodes_from(sorted(start))
    graph.add_edges_from(("i:" + slug, "p:" + party) for slug, party, _ in net.edges)
    placed = nx.forceatlas2_layout(graph, pos={node: np.array(xy) for node, xy in start.items()}, seed=20241120,
                                   max_iter=300, gravity=1.0, strong_gravity=True, scaling_ratio=2.0)
    return {node: (float(x), float(y)) for node, (x, y) in sorted(placed.items())}


def plot_network(kg, on: dt.date | str | None = None, fmt: str = "svg", instruments: list[str] | None = None) -> bytes:
    """Binding instruments (squares, by kind) and their parties (circles) on the day."""
    day = day_of(on)
    net = network_data(kg, day, instruments)
    pos = layout(net)
    size = max(8.0, min(22.0, 3.0 + 0.09 * (len(net.instruments) + len(net.parties))))
    fig = new_figure(size, size)
    with matplotlib.rc_context(RC):
        ax = fig.add_subplot()
        ax.set_aspect("equal")
        ax.axis("off")
        party_lines = [(pos["i:" + s], pos["p:" + p]) for s, p, is_party in net.edges if is_party]
        other_lines = [(pos["i:" + s], pos["p:" + p]) for s, p, is_party in net.edges if not is_party]
        ax.add_collection(LineCollection(other_lines, colors="#BBBBBB", linewidths=0.5, linestyles=(0, (3, 3)), zorder=1))
        ax.add_collection(LineCollection(party_lines, colors="#7A7A7A", linewidths=0.6, zorder=1))
        degree = defaultdict(int)
        for slug, party, is_party in net.edges:
            if is_party:
                degree[slug] += 1
        for slug, info in net.instruments.items():
            x, y = pos["i:" + slug]
            ax.scatter([x], [y], s=40 + 6 * degree[slug], marker="s", color=INSTRUMENT_KINDS.get(info["kind"], "#555555"),
                       edgecolors="white", linewidths=0.6, zorder=3)
            ax.annotate(info["label"], (x, y), xytext=(0, 7), textcoords="offset points", ha="center", va="bottom",
                        fontsize=7, fontweight="bold", color="#202020", zorder=4)
        for party in net.parties:
            x, y = pos["p:" + party]
            ax.scatter([x], [y], s=60, marker="o", color="#F2F2F2", edgecolors="#555555", linewidths=0.5, zorder=2)
            ax.text(x, y, party, ha="center", va="center", fontsize=5, color="#202020", zorder=4)
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        pad = 0.12 * max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
        ax.set_xlim(min(xs) - pad, max(xs) + pad)
        ax.set_ylim(min(ys) - pad, max(ys) + pad)
        ax.set_title(f"Binding instruments and their parties on {day.isoformat()}", loc="left")
        kinds = sorted({info["kind"] for info in net.instruments.values()})
        handles = [Line2D([], [], marker="s", linestyle="none", color=INSTRUMENT_KINDS.get(k, "#555555"), label=k.replace("-", " "))
                   for k in kinds]
        handles += [Line2D([], [], marker="o", linestyle="none", markerfacecolor="#F2F2F2", markeredgecolor="#555555",
                           label="party (jurisdiction code or organisation slug)"),
                    Line2D([], [], color="#7A7A7A", label=f"a party on {day.isoformat()}"),
                    Line2D([], [], color="#BBBBBB", linestyle=(0, (3, 3)), label="signed, applied or withdrew; not a party that day")]
        fig.legend(handles=handles, loc="outside lower left", ncol=3, fontsize=7, frameon=False)
        fig.text(0.995, 0.005, f"dgkg {__version__} · named query `parties` · data CC BY 4.0", ha="right", va="bottom",
                 fontsize=6, color="#606060")
    return render(fig, fmt, f"dgkg instruments and parties on {day.isoformat()}")


PLOTS = {"matrix": plot_matrix, "network": plot_network}


def plot(kg, which: str, output: Path, on: dt.date | str | None = None, instruments: list[str] | None = None) -> bytes:
    """Render a plot for ``output`` (its suffix picks SVG or PNG) and return the bytes (not written)."""
    fmt = output_format(output)
    if which == "matrix":
        if instruments:
            raise PlotError("--instrument applies to the network plot only")
        return plot_matrix(kg, on, fmt)
    if which == "network":
        return plot_network(kg, on, fmt, instruments or None)
    raise PlotError(f"unknown plot {which!r}: choose matrix or network")
