"""Web assets of ``dgkg serve``: the query page, styles, and the bundled YASGUI (MIT, no CDN)."""
