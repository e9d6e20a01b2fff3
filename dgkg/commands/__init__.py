"""One module per ``dgkg`` command; each exposes ``command``."""
