"""``dgkg build``: sources -> dataset -> SHACL gate -> graphs/ (atomically)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..build import build as run_build
from ..errors import BuildError, SourceError
from ..validate import validate_dataset
from .common import EXIT_ERROR, EXIT_VIOLATIONS, checkout_or_fail, console, root_option
from .validate import print_report


class GateFailed(Exception):
    def __init__(self, report):
        self.report = report


def gate(dataset) -> None:
    report = validate_dataset(dataset)
    if not report.conforms:
        raise GateFailed(report)


@click.command("build")
@root_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the release files. Default: <checkout>/graphs.")
@click.option("--no-gate", is_flag=True, default=False, help="Skip the SHACL gate (for debugging only; never for a release).")
def command(root: Path | None, out_dir: Path | None, no_gate: bool) -> None:
    """Build the release files in graphs/ from ontology/ and sources/.

    Exit 0 on success; 1 if the SHACL gate finds violations; 2 on bad input.
    Nothing is written unless every step succeeds.
    """
    checkout = checkout_or_fail(root)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console, transient=False) as progress:
        task = progress.add_task("starting", total=None)

        def step(name: str) -> None:
            progress.update(task, description=name)
            progress.console.log(name)

        try:
            written = run_build(checkout, out_dir, step=step, validate=None if no_gate else gate)
        except SourceError as exc:
            progress.stop()
            console.print(f"[red]error:[/] {len(exc.problems)} problem(s) in sources/ — nothing written")
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            sys.exit(EXIT_ERROR)
        except BuildError as exc:
            progress.stop()
            console.print(f"[red]error:[/] {exc} — nothing written")
            sys.exit(EXIT_ERROR)
        except GateFailed as failed:
            progress.stop()
            console.print("[red]SHACL gate failed[/] — nothing written")
            print_report(failed.report)
            sys.exit(EXIT_VIOLATIONS)
    for path in written:
        click.echo(f"wrote {path}")
