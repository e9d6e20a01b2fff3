"""``dgkg plot matrix|network [--on DATE] -o FILE.svg|FILE.png``: figures of the graph."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from rich.markup import escape

from ..backend import EndpointError
from ..catalogue import QueryError
from .common import EXIT_ERROR, EXIT_VIOLATIONS, console, endpoint_option, graph_option, timeout_option


@click.command("plot")
@click.argument("which", type=click.Choice(["matrix", "network"]))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The file to write: .svg (deterministic, text kept as text) or .png.")
@click.option("--on", "on", default=None, metavar="YYYY-MM-DD", help="The day to show. Default: today.")
@click.option("--instrument", "instruments", multiple=True, metavar="SLUG",
              help="network: only these instruments (repeat for several). Default: every binding instrument with parties.")
@graph_option
@endpoint_option
@timeout_option
def command(which: str, output: Path, on: str | None, instruments: tuple[str, ...], graph_file: Path | None,
            endpoint: str | None, timeout: float) -> None:
    """Draw the graph with matplotlib.

    matrix: the recognition matrix — rows recognise columns; each cell coloured by the kind of
    recognition in force on the day (adequacy, partial adequacy, equivalence, designation,
    certification recognition), grey where it has ended (expired, invalidated, superseded), light
    grey where it is only proposed or not yet in force.

    network: binding instruments and their parties on the day (a bipartite network); dashed links
    for signatories, applicants and former parties.

    Exit 0 when written, 1 when there is nothing to draw, 2 on bad input.
    """
    from ..api import KnowledgeGraph
    from ..build import write_atomically

    try:
        from ..plot import NothingToPlot, PlotError, output_format, plot
    except ImportError as exc:
        console.print(f"[red]error:[/] dgkg plot needs matplotlib ({escape(str(exc))}): pip install matplotlib networkx", highlight=False)
        sys.exit(EXIT_ERROR)

    try:
        output_format(output)
        day = dt.date.fromisoformat(on) if on else dt.date.today()
    except (PlotError, ValueError) as exc:
        console.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
        sys.exit(EXIT_ERROR)
    try:
        data = plot(KnowledgeGraph(graph_file, endpoint, timeout), which, output, day, list(instruments))
    except NothingToPlot as exc:
        console.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
        sys.exit(EXIT_VIOLATIONS)
    except (PlotError, QueryError, EndpointError, FileNotFoundError) as exc:
        console.print(f"[red]error:[/] {escape(str(exc))}", highlight=False)
        sys.exit(EXIT_ERROR)
    write_atomically({output.name: data}, output.parent if str(output.parent) else Path("."))
    click.echo(f"wrote {output}")


if __name__ == "__main__":  # pragma: no cover - usable before it is registered in dgkg/cli.py
    command()
