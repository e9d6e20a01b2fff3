"""``dgkg validate``: SHACL shapes and violation queries over the sources (or a built graph)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..build import assemble
from ..errors import BuildError, SourceError
from ..validate import Report, validate_dataset
from .common import EXIT_ERROR, EXIT_OK, EXIT_VIOLATIONS, checkout_or_fail, console, root_option


def print_report(report: Report) -> None:
    grouped = report.by_graph()
    for graph, violations in grouped.items():
        click.echo(f"\n{graph}: {len(violations)} violation(s)")
        for v in violations:
            where = f" [{v.path.rsplit('#', 1)[-1]}]" if v.path else ""
            click.echo(f"  - {v.focus}{where}: {v.message}")
    click.echo(f"\n{len(report.violations)} violation(s) in {len(grouped)} graph(s)")


@click.command("validate")
@root_option
def command(root: Path | None) -> None:
    """Validate the sources of a checkout against the SHACL shapes and the violation queries.

    Exit 0 if the data conforms, 1 if there are violations (listed by source file), 2 on error.
    """
    checkout = checkout_or_fail(root)
    try:
        dataset = assemble(checkout)
    except SourceError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        console.print(f"[red]error:[/] {len(exc.problems)} problem(s) in sources/")
        sys.exit(EXIT_ERROR)
    except BuildError as exc:
        console.print(f"[red]error:[/] {exc}")
        sys.exit(EXIT_ERROR)
    report = validate_dataset(dataset)
    if report.conforms:
        click.echo("conforms: no violations")
        sys.exit(EXIT_OK)
    print_report(report)
    sys.exit(EXIT_VIOLATIONS)
