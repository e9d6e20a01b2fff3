"""The benchmark suite (not timed tests): build time, and per-query latency of the shipped queries on
the embedded store (pyoxigraph) against oxrdflib and plain rdflib, at the real size and scaled to
100k and 1M triples. Prints a Markdown report; `--write docs/performance.md` replaces the measured
section of that page.

    python benchmarks/run.py                      # real size and 100k
    python benchmarks/run.py --sizes 100000 1000000 --write docs/performance.md
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
import rdflib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import scaled_quads  # noqa: E402

from dgkg.catalogue import bind, catalogue  # noqa: E402
from dgkg.docs import EXAMPLES  # noqa: E402  (the documented parameters of each query)


def timed(fn, repeat: int = 3) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(store_kind: str, nq: Path):
    if store_kind == "pyoxigraph":
        store = ox.Store()
        store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        return lambda q: list(store.query(q, use_default_graph_as_union=True))
    ds = rdflib.Dataset(store="Oxigraph" if store_kind == "oxrdflib" else "default", default_union=True)
    ds.parse(nq, format="nquads")
    return lambda q: list(ds.query(q))


def worker(conn, store_kind: str, nq: str) -> None:
    start = time.perf_counter()
    run = load(store_kind, Path(nq))
    conn.send(time.perf_counter() - start)
    repeat = 3 if store_kind == "pyoxigraph" else 1
    while True:
        query = conn.recv()
        conn.send(timed(lambda: run(query), repeat))


class Bench:
    """One store in a child process, so a query that runs too long can be stopped and reported."""

    def __init__(self, store_kind: str, nq: Path, limit: float):
        self.args, self.limit = (store_kind, str(nq)), limit
        self.start()

    def start(self) -> None:
        self.conn, child = mp.Pipe()
        self.process = mp.get_context("spawn").Process(target=worker, args=(child, *self.args), daemon=True)
        self.process.start()
        self.load_time = self.conn.recv()

    def run(self, query: str) -> float | None:
        self.conn.send(query)
        if self.conn.poll(self.limit * 3):
            return self.conn.recv()
        self.process.kill()
        self.process.join()
        self.start()
        return None

    def close(self) -> None:
        self.process.kill()


def bench_store(store_kind: str, nq: Path, queries: dict[str, str], limit: float) -> dict:
    bench = Bench(store_kind, nq, limit)
    try:
        return {"load": bench.load_time, **{name: bench.run(q) for name, q in queries.items()}}
    finally:
        bench.close()


def bench_build() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        return timed(lambda: subprocess.run(["dgkg", "build", "--root", str(ROOT), "--out", tmp], check=True, capture_output=True), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000], help="synthetic sizes besides the real graph")
    parser.add_argument("--rdflib-max", type=int, default=100_000, help="largest size to try with plain rdflib / oxrdflib")
    parser.add_argument("--write", type=Path, default=None, help="write the report into this Markdown file")
    parser.add_argument("--limit", type=float, default=40.0, help="seconds per query run before it is stopped (x3 repeats)")
    args = parser.parse_args()

    release = ROOT / "graphs" / "dgkg.trig"
    queries = {name: bind(q, EXAMPLES[name]) for name, q in catalogue().items()}
    lines = [f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, Python {platform.python_version()}, "
             f"pyoxigraph {ox.__version__}, rdflib {rdflib.__version__}. Median of 3 runs (1 for rdflib stores); seconds.", ""]
    lines.append(f"* `dgkg build` of the real checkout (sources → SHACL gate → release files): **{bench_build():.1f} s**")
    lines.append("")
    with tempfile.TemporaryDirectory() as tmp:
        for size in [0, *args.sizes]:
            quads = list(ox.parse(path=str(release), format=ox.RdfFormat.TRIG)) if size == 0 else scaled_quads(release, size)
            nq = Path(tmp) / f"g{size}.nq"
            nq.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
            results = {"pyoxigraph": bench_store("pyoxigraph", nq, queries, args.limit)}
            if len(quads) <= args.rdflib_max:
                results["oxrdflib"] = bench_store("oxrdflib", nq, queries, args.limit)
                results["rdflib"] = bench_store("rdflib", nq, queries, args.limit)
            lines += [f"### {len(quads):,} quads{' (the real graph)' if size == 0 else ' (synthetic)'}", "",
                      "| | " + " | ".join(results) + " |", "|---|" + "---:|" * len(results)]
            for row in ["load", *queries]:
                lines.append(f"| {row} | " + " | ".join("> %g s" % (args.limit * 3) if r[row] is None else f"{r[row]:.4f}" for r in results.values()) + " |")
            lines.append("")
            print("\n".join(lines[-len(queries) - 4:]), flush=True)
    lines += ["", f"Peak RSS of the benchmark process: {rss_mb():.0f} MB."]
    report = "\n".join(lines) + "\n"
    print(report)
    if args.write:
        text = args.write.read_text(encoding="utf-8")
        start, end = "<!-- measured:start -->", "<!-- measured:end -->"
        before, _, rest = text.partition(start)
        _, _, after = rest.partition(end)
        args.write.write_text(f"{before}{start}\n{report}{end}{after}", encoding="utf-8")


if __name__ == "__main__":
    main()
