"""gunicorn's gthread worker, taking a new connection only while one of its threads is free.

gthread accepts every connection it is offered, up to `worker_connections` (1,000), and a
keep-alive connection stays with the worker that took it. One worker's Python runs one thread at
a time (its interpreter lock), so a worker that took more connections than it has threads makes
their requests wait for it while another worker may sit idle: with 2 workers of 2 threads and
4 keep-alive clients on this project's search API, the runs whose connections split 3 and 1 (or
4 and 0) answered 69-118 requests a second, those split 2 and 2 up to 142
(benchmarks/search_throughput.py). This worker leaves a connection to the others while all of
its threads are busy; when every worker's are, it waits in the listening socket's backlog for
the first thread to come free, as gunicorn's sync workers wait. A worker whose first requests
were already answered takes more, so a burst of new connections can still split unevenly: in
three runs of each, 8 clients split 4 and 4 every time with this worker (gthread: 8-0, 0-8,
2-6), 4 clients 2-2 twice and 3-1 once (gthread: 3-1, 2-2, 1-3)."""

from gunicorn.workers.gthread import ThreadWorker


class FreeThreadWorker(ThreadWorker):
    def __init__(self, *args, **kwargs) -> None:
        self.busy = 0  # requests handed to the threads and not finished: on the main thread only
        super().__init__(*args, **kwargs)

    # ThreadWorker.run accepts while `nr_conns < worker_connections`
    @property
    def worker_connections(self) -> int:
        if self.busy >= self.cfg.threads:
            return self.nr_conns
        return min(self.most_connections, self.nr_conns + 1)

    @worker_connections.setter
    def worker_connections(self, most: int) -> None:
        self.most_connections = most

    def enqueue_req(self, conn) -> None:
        self.busy += 1
        super().enqueue_req(conn)

    def finish_request(self, conn, fs) -> None:
        self.busy -= 1
        super().finish_request(conn, fs)
