"""dgkg — an open knowledge graph of cross-border data governance.

The package is the engine: building the graph from cited YAML sources, validating it with SHACL,
querying it with the named competency queries, and exporting it.
"""

__version__ = "0.2.0"

__all__ = ["__version__", "open"]


def open(graph_file=None, *, endpoint=None, timeout=30.0):  # noqa: A001 - the notebook entry point, dgkg.open()
    """Open the shipped graph, a built dataset file, or a SPARQL endpoint (see dgkg.api)."""
    from .api import open as open_graph

    return open_graph(graph_file, endpoint=endpoint, timeout=timeout)
