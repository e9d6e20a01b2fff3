"""The ``dgkg`` command group. One module per command in dgkg/commands/.

Exit codes: 0 success / conforms; 1 violations or no answer; 2 usage or input error.
"""

from __future__ import annotations

import click

from . import __version__
from .commands import build, check_sources, diff, docs, export, plot, profile, publish, queries, query, reason, release, retirements, serve, stats, transfer, validate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dgkg")
def main() -> None:
    """dgkg — the open knowledge graph of cross-border data governance.

    Exit codes: 0 ok / conforms, 1 violations or no answer, 2 usage or input error.
    """


for module in (build, validate, check_sources, query, queries, transfer, profile, reason, stats, export, serve, publish, diff, plot, release, retirements, docs):
    main.add_command(module.command)


if __name__ == "__main__":  # pragma: no cover
    main()
