"""Package data: the graphs/ folder shipped inside the dgkg distribution (no code)."""
