"""Package data: the queries/ folder shipped inside the dgkg distribution (no code)."""
