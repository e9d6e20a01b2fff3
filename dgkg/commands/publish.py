"""``dgkg publish``: validate a release, stage it in a SPARQL store with the Graph Store Protocol,
verify every staged graph, then replace the live graphs."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from .. import publish as pub
from ..resources import find_checkout
from ..store import release_path
from .common import EXIT_ERROR, EXIT_OK, EXIT_VIOLATIONS, console
from .validate import print_report

LIVE_STATE = {
    "untouched": "The live graphs are untouched.",
    "unknown": "The live graphs may be partly replaced: publish again.",
    "replaced": "The live graphs were replaced, but do not match the release: publish again.",
}


def aftermath(exc: pub.PublishError) -> list[str]:
    """What a failed run left behind: the state of the live graphs and of the staging graphs."""
    lines = [LIVE_STATE[exc.live]]
    if exc.leftover:
        lines.append(f"{len(exc.leftover)} staging graph(s) could not be deleted; remove them by hand (SPARQL Update DROP GRAPH):")
        lines += [f"  <{graph}>" for graph in exc.leftover]
    else:
        lines.append("No staging graph of this run is left on the server.")
    return lines


class RichProgress(pub.Progress):
    def __init__(self, progress: Progress):
        self.progress = progress
        self.task = None
        self.notes: list[str] = []

    def phase(self, name: str, total: int | None = None) -> None:
        if self.task is not None:
            self.progress.update(self.task, completed=self.progress.tasks[-1].total or 1, total=self.progress.tasks[-1].total or 1)
        self.task = self.progress.add_task(name, total=total)

    def advance(self, detail: str = "") -> None:
        if self.task is not None:
            self.progress.advance(self.task)

    def note(self, message: str) -> None:
        self.notes.append(message)

    def finish(self) -> None:
        if self.task is not None:
            task = self.progress.tasks[-1]
            self.progress.update(self.task, completed=task.total or 1, total=task.total or 1)


@click.command("publish")
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's SPARQL query endpoint, e.g. http://127.0.0.1:8890/sparql (used to verify).")
@click.option("--gsp", default=None, metavar="URL",
              help="Its SPARQL 1.1 Graph Store Protocol endpoint. Default: <endpoint base>/sparql-graph-crud-auth (Virtuoso).")
@click.option("--update", "update_url", default=None, metavar="URL",
              help="Its SPARQL 1.1 Update endpoint. Default: <endpoint base>/sparql-auth (Virtuoso).")
@click.option("--graph", "base", default=pub.DEFAULT_BASE, show_default=True, metavar="IRI",
              help="Base IRI of the published named graphs; live graphs under it that the release lacks are dropped.")
@click.option("--user", default=None, help="User for the Graph Store and Update endpoints (Virtuoso: dba).")
@click.option("--password", default=None, envvar="DGKG_PUBLISH_PASSWORD", show_envvar=True,
              help="Password (better given by the environment variable than on the command line).")
@click.option("--auth", "auth_scheme", type=click.Choice(["digest", "basic"]), default="digest", show_default=True,
              help="HTTP authentication scheme (Virtuoso: digest; Fuseki: basic).")
@click.option("--timeout", type=float, default=60.0, show_default=True, help="Seconds to wait for each request.")
@click.option("--graph-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The TriG to publish. Default: <root>/graphs/dgkg.trig with --root, else the graph shipped with dgkg.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="A dgkg checkout: validate its sources and check the TriG is their build before publishing.")
def command(endpoint: str, gsp: str | None, update_url: str | None, base: str, user: str | None, password: str | None,
            auth_scheme: str, timeout: float, graph_file: Path | None, root: Path | None) -> None:
    """Publish the release's named graphs to a SPARQL 1.1 store (Virtuoso, Fuseki, Oxigraph).

    The release is validated first and refused if it does not conform. Each named graph is uploaded
    with the Graph Store Protocol to a staging graph, counted back through ENDPOINT and compared;
    only when all are complete are the live graphs replaced (SPARQL Update MOVE) and graphs the
    release no longer has dropped. On any failure before that, the staging graphs are deleted and the
    live graphs are untouched.

    Exit 0 published; 1 refused (the release does not validate; nothing sent); 2 error (input,
    network, authentication, verification).
    """
    checkout = None
    if root is not None:
        checkout = find_checkout(root)
        if checkout is None or checkout != root.resolve():
            click.echo(f"error: {root} is not a dgkg checkout (a folder with pyproject.toml and sources/)", err=True)
            sys.exit(EXIT_ERROR)
    if graph_file is None:
        graph_file = checkout / "graphs" / "dgkg.trig" if checkout else release_path()
    try:
        store = pub.Store(endpoint, gsp or pub.default_gsp(endpoint), update_url or pub.default_update(endpoint),
                          user, password, auth_scheme, timeout)
        pub.check_base(base)
        graphs = pub.read_release(graph_file, base)
    except pub.PublishError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_ERROR)

    # the progress display runs while work is done; every message is printed after it has stopped,
    # as plain lines (no wrapping: a message is one line per fact, easy to grep)
    failure: tuple[int, list[str]] | None = None
    refused_report = None
    outcome = None
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=False) as progress:
        shown = RichProgress(progress)
        try:
            pub.gate(graph_file, checkout, step=lambda name: shown.phase(name))
            shown.finish()
            total = sum(g.count for g in graphs)
            progress.console.print(f"publishing {len(graphs)} named graph(s), {total} triple(s) from {graph_file} to {store.gsp}",
                                   soft_wrap=True)
            outcome = pub.publish(graphs, store, base, shown)
            shown.finish()
        except pub.Refused as refused:
            failure = (EXIT_VIOLATIONS, [f"refused: {refused.reason} — nothing was sent to {endpoint}"])
            refused_report = refused.report if refused.report.violations else None
        except pub.PublishError as exc:
            failure = (EXIT_ERROR, [f"error: {line}" if i == 0 else line for i, line in enumerate(str(exc).splitlines())]
                       + aftermath(exc))
        except KeyboardInterrupt:  # during the gate: publish() turns an interrupt into a PublishError
            failure = (EXIT_ERROR, ["error: interrupted — nothing was sent"])
        for note in shown.notes:
            click.echo(f"note: {note}", err=True)
    if failure is not None:
        code, lines = failure
        for line in lines:
            click.echo(line, err=True)
        if refused_report is not None:
            print_report(refused_report)
        sys.exit(code)
    click.echo(f"published {outcome.graphs} graph(s), {outcome.triples} triple(s) under {base}"
               + (f"; dropped {len(outcome.dropped)} graph(s) the release no longer has" if outcome.dropped else ""))
    for graph in outcome.dropped:
        click.echo(f"  dropped <{graph}>")
    sys.exit(EXIT_OK)
