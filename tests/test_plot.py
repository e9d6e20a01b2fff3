"""`dgkg plot matrix|network`: the files are written, are valid SVG / PNG, carry the expected labels,
and SVG output is byte-identical from run to run."""

from __future__ import annotations

import datetime as dt
import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

try:
    import matplotlib  # noqa: F401
except ImportError:  # a test dependency: skip on a bare machine, never in CI
    if os.environ.get("CI"):
        raise
    pytest.skip("matplotlib not installed (pip install matplotlib networkx)", allow_module_level=True)

from dgkg.api import KnowledgeGraph  # noqa: E402
from dgkg.commands.plot import command as plot_command  # noqa: E402
from dgkg.plot import Network, plot_network, ring_layout  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
GRAPH = ROOT / "graphs" / "dgkg.trig"
ON = "2025-01-01"
SVG_NS = "{http://www.w3.org/2000/svg}"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def plot(*args: str):
    return CliRunner().invoke(plot_command, [*args, "--graph", str(GRAPH)])


def svg_texts(path: Path) -> set[str]:
    root = ET.parse(path).getroot()
    assert root.tag == SVG_NS + "svg"
    return {"".join(element.itertext()).strip() for element in root.iter(SVG_NS + "text")}


def test_matrix_svg_is_valid_labelled_and_deterministic(tmp_path):
    first, second = tmp_path / "matrix.svg", tmp_path / "again.svg"
    for out in (first, second):
        outcome = plot("matrix", "--on", ON, "-o", str(out))
        assert outcome.exit_code == 0, outcome.output
    texts = svg_texts(first)
    assert {"EU", "JP", "GB", "CH", "US"} <= texts  # recognisers (rows) and recognised (columns)
    assert "Recognitions between data-protection regimes on 2025-01-01" in texts
    assert any("adequacy (in force)" in t for t in texts)
    assert first.read_bytes() == second.read_bytes()
    assert b"<dc:date>" not in first.read_bytes()


def test_matrix_shows_ended_recognitions_in_grey():
    """EU -> US on 2021-01-01: Safe Harbour and Privacy Shield invalidated, the DPF not yet adopted."""
    from dgkg.plot import ENDED, matrix_cells

    cells = matrix_cells(KnowledgeGraph(GRAPH), dt.date(2021, 1, 1))
    eu_us = cells[("EU", "US")]
    assert eu_us.in_force == [] and "partial-adequacy" in eu_us.ended
    assert eu_us.colour() == ENDED
    assert cells[("EU", "JP")].in_force  # Japan's adequacy is in force


def test_matrix_png(tmp_path):
    out = tmp_path / "matrix.png"
    outcome = plot("matrix", "--on", ON, "-o", str(out))
    assert outcome.exit_code == 0, outcome.output
    assert out.read_bytes()[:8] == PNG_MAGIC


def test_network_svg_of_every_binding_instrument(tmp_path):
    out = tmp_path / "network.svg"
    outcome = plot("network", "--on", ON, "-o", str(out))
    assert outcome.exit_code == 0, outcome.output
    texts = svg_texts(out)
    assert {"CPTPP", "DEPA", "RCEP", "Convention 108", "Budapest Convention"} <= texts
    assert {"GB", "JP", "SG", "CN"} <= texts
    assert "Binding instruments and their parties on 2025-01-01" in texts


def test_network_subset_is_deterministic_and_png_works(tmp_path):
    args = ["network", "--on", ON, "--instrument", "cptpp", "--instrument", "depa"]
    first, second, png = tmp_path / "a.svg", tmp_path / "b.svg", tmp_path / "n.png"
    for out in (first, second, png):
        outcome = plot(*args, "-o", str(out))
        assert outcome.exit_code == 0, outcome.output
    assert first.read_bytes() == second.read_bytes()
    assert png.read_bytes()[:8] == PNG_MAGIC
    texts = svg_texts(first)
    assert {"CPTPP", "DEPA", "GB", "NZ", "SG"} <= texts
    assert "RCEP" not in texts


def test_layout_without_networkx_is_deterministic(monkeypatch):
    monkeypatch.setitem(sys.modules, "networkx", None)  # import networkx now raises ImportError
    kg = KnowledgeGraph(GRAPH)
    one = plot_network(kg, ON, "svg", ["cptpp", "depa"])
    two = plot_network(kg, ON, "svg", ["cptpp", "depa"])
    assert one == two
    net = Network({"a": {"label": "A", "kind": "convention"}, "b": {"label": "B", "kind": "protocol"}},
                  [("a", "X", True), ("a", "Y", True), ("b", "Y", False)])
    assert ring_layout(net) == ring_layout(net) and set(ring_layout(net)) == {"i:a", "i:b", "p:X", "p:Y"}


def test_bad_requests(tmp_path):
    wrong_suffix = plot("matrix", "-o", str(tmp_path / "matrix.pdf"))
    assert wrong_suffix.exit_code == 2 and ".svg or .png" in wrong_suffix.output
    bad_date = plot("matrix", "--on", "2025-13-01", "-o", str(tmp_path / "m.svg"))
    assert bad_date.exit_code == 2
    unknown = plot("network", "--instrument", "no-such-treaty", "-o", str(tmp_path / "n.svg"))
    assert unknown.exit_code == 2 and "no-such-treaty" in unknown.output
    nothing = plot("network", "--on", "1950-01-01", "-o", str(tmp_path / "n.svg"))
    assert nothing.exit_code == 1
    assert not (tmp_path / "n.svg").exists() and not (tmp_path / "m.svg").exists()
