"""Draw N facts at random (fixed seed) from the built graph, for a manual fact check.

    python scripts/sample_facts.py --seed 20261129 --n 20

Prints each fact's IRI, the source file it comes from and its properties (docs/fact-check-*.md).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from dgkg.store import load_store

FACTS = """PREFIX dgkg: <https://w3id.org/dgkg/ontology#> PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?f ?g ?src WHERE { GRAPH ?g { ?f a ?c ; dct:source ?src }
  VALUES ?c { dgkg:Participation dgkg:Recognition dgkg:Membership dgkg:TransferMechanism dgkg:Provision dgkg:Proposal } }
ORDER BY ?f ?src"""
ID = "https://w3id.org/dgkg/id/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=20261129, help="random seed")
    parser.add_argument("--n", type=int, default=20, help="how many facts")
    parser.add_argument("--graph", type=Path, default=Path("graphs/dgkg.trig"), help="the built dataset")
    args = parser.parse_args()
    store = load_store(args.graph)
    first: dict[str, tuple[str, str]] = {}
    for row in store.query(FACTS):
        first.setdefault(row["f"].value, (row["g"].value, row["src"].value))
    random.seed(args.seed)
    for fact in random.sample(sorted(first), args.n):
        graph, _ = first[fact]
        props = store.query(f"SELECT ?p ?o WHERE {{ <{fact}> ?p ?o }}", use_default_graph_as_union=True)
        described = "; ".join(
            f"{r['p'].value.rsplit('#', 1)[-1]}={r['o'].value.rsplit('/', 1)[-1] if r['o'].value.startswith(ID) else r['o'].value}"
            for r in props if not r["p"].value.endswith("type"))
        print(f"- {fact}\n  file: sources/{graph.split('/graph/source/')[1]}.yaml\n  {described}\n")


if __name__ == "__main__":
    main()
