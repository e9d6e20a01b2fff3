"""Synthetic scaling: grow the real release to N triples by adding copies of its instruments and their
fact nodes under fresh IRIs (same shapes, same query patterns), for store and query benchmarks."""

from __future__ import annotations

import argparse
from pathlib import Path

import pyoxigraph as ox

ID = "https://w3id.org/dgkg/id/"


COPIED = tuple(ID + kind + "/" for kind in ("instrument", "participation", "provision", "proposal", "recognition",
                                             "mechanism", "membership", "principle-assertion"))


def renamed(term, suffix: str):
    if isinstance(term, ox.NamedNode) and term.value.startswith(COPIED):
        return ox.NamedNode(term.value + suffix)
    return term


def scaled_quads(release: Path, target: int) -> list[ox.Quad]:
    """The release plus renamed copies of its fact and instrument nodes, up to ``target`` quads."""
    base = list(ox.parse(path=str(release), format=ox.RdfFormat.TRIG))
    copyable = [q for q in base if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(COPIED)]
    out = list(base)
    copy = 0
    while len(out) < target:
        copy += 1
        suffix = f"-synthetic-{copy}"
        for q in copyable:
            obj = ox.Literal(q.object.value + suffix) if q.predicate.value.endswith("#identifier") else renamed(q.object, suffix)
            out.append(ox.Quad(renamed(q.subject, suffix), q.predicate, obj, q.graph_name))
            if len(out) >= target:
                break
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("release", type=Path, help="graphs/dgkg.trig")
    parser.add_argument("triples", type=int, help="target size, e.g. 100000 or 1000000")
    parser.add_argument("out", type=Path, help="N-Quads file to write")
    args = parser.parse_args()
    quads = scaled_quads(args.release, args.triples)
    args.out.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    print(f"wrote {len(quads)} quads to {args.out}")


if __name__ == "__main__":
    main()
