"""dgkg — an open knowledge graph of cross-border data governance.

The package is the engine: building the graph from cited YAML sources, validating it with SHACL,
querying it with the named competency queries, and exporting it.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
