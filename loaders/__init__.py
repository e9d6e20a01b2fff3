"""Loaders: pure functions that turn each kind of source into triples (installed as ``dgkg.loaders``)."""
