"""Running untrusted SPARQL queries with a time limit that really stops the work.

pyoxigraph cannot interrupt a running query, so each query runs in a worker *process* holding its
own copy of the store; a query that outlives the limit has its worker killed and replaced, and the
server stays responsive. Results come back as plain tuples, capped at ``max_rows``.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
from dataclasses import dataclass, field

import pyoxigraph as ox


class QueryTimeout(Exception):
    pass


class QueryBusy(Exception):
    pass


class QueryFailed(Exception):
    """The query is invalid (syntax) or failed; the message is safe to show."""


@dataclass
class Result:
    form: str  # "select" | "ask" | "graph"
    columns: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)  # select: tuples of encoded terms; graph: (s, p, o)
    boolean: bool | None = None
    truncated: bool = False


def encode(term):
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value)
    if isinstance(term, ox.Literal):
        return ("literal", term.value, term.datatype.value if term.datatype else None, term.language)
    return ("literal", str(term), None, None)


def decode(encoded):
    kind = encoded[0]
    if kind == "uri":
        return ox.NamedNode(encoded[1])
    if kind == "bnode":
        return ox.BlankNode(encoded[1])
    _, value, datatype, language = encoded
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value)


def execute(store: ox.Store, text: str, max_rows: int) -> Result:
    answer = store.query(text, use_default_graph_as_union=True)
    if isinstance(answer, ox.QueryBoolean):
        return Result("ask", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        columns = [v.value for v in answer.variables]
        rows, truncated = [], False
        for solution in answer:
            if len(rows) >= max_rows:
                truncated = True
                break
            rows.append(tuple(encode(solution[c]) for c in columns))
        return Result("select", columns, rows, truncated=truncated)
    triples, truncated = [], False
    for triple in answer:
        if len(triples) >= max_rows:
            truncated = True
            break
        triples.append((encode(triple.subject), encode(triple.predicate), encode(triple.object)))
    return Result("graph", rows=triples, truncated=truncated)


def worker_main(conn, graph_path: str, max_rows: int) -> None:  # runs in the worker process
    store = ox.Store()
    store.bulk_load(path=graph_path, format=ox.RdfFormat.from_extension(graph_path.rsplit(".", 1)[-1]) or ox.RdfFormat.TRIG)
    conn.send(("ready", None))
    while True:
        try:
            text = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", execute(store, text, max_rows)))
        except SyntaxError as exc:
            conn.send(("syntax", str(exc)))
        except Exception as exc:  # noqa: BLE001 - any query failure is reported to the client, not raised
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class Worker:
    def __init__(self, context, graph_path: str, max_rows: int):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=worker_main, args=(child, graph_path, max_rows), daemon=True)
        self.process.start()
        child.close()
        status, _ = self.conn.recv()  # wait until the store is loaded
        assert status == "ready"

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class QueryPool:
    def __init__(self, graph_path: str, workers: int = 2, time_limit: float = 10.0, max_rows: int = 10_000):
        self.graph_path, self.time_limit, self.max_rows = graph_path, time_limit, max_rows
        self.context = mp.get_context("spawn")  # never fork a threaded server
        self.idle: queue.Queue[Worker] = queue.Queue()
        self.all: list[Worker] = []
        for _ in range(workers):
            self._add()

    def _add(self) -> None:
        worker = Worker(self.context, self.graph_path, self.max_rows)
        self.all.append(worker)
        self.idle.put(worker)

    def run(self, text: str) -> Result:
        try:
            worker = self.idle.get(timeout=5)
        except queue.Empty:
            raise QueryBusy("all query workers are busy; try again shortly") from None
        worker.conn.send(text)
        if not worker.conn.poll(self.time_limit):
            worker.kill()
            self.all.remove(worker)
            threading.Thread(target=self._add, daemon=True).start()  # replace it without blocking this request
            raise QueryTimeout(f"the query exceeded the time limit of {self.time_limit:g} s and was stopped")
        status, payload = worker.conn.recv()
        self.idle.put(worker)
        if status == "ok":
            return payload
        raise QueryFailed(payload)

    def close(self) -> None:
        for worker in list(self.all):
            worker.kill()
        self.all.clear()
