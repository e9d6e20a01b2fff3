"""Package data: the ontology/ folder shipped inside the dgkg distribution (no code)."""
