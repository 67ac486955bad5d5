"""gunicorn's threaded worker, taking new connections only while it has a thread free.

gunicorn's own gthread worker accepts every connection it can hold (worker_connections, 1000),
busy or not, and a keep-alive connection then stays with the worker that accepted it. Clients
that connect together (wrk's four connections, nginx's upstream connections after a quiet spell)
can all land on one worker, which serves them alone while the others idle: one worker's
interpreter lock holds it below two cores. With the 229k library on 2 cores and 2 workers,
runs whose 4 connections all landed on one worker gave 106-138 requests/s at 85-89% CPU,
against 145-163 where they were shared (benchmarks/search_throughput.py).

This worker leaves a new connection in the listening socket's queue while all its threads are
serving (or have requests waiting for them), for a worker with a thread free to take; it keeps
every connection it has accepted, as gthread does, and serves them as before. With every worker
busy, a new connection waits only until any worker's request ends.
"""

from gunicorn.workers.gthread import ThreadWorker


class BalancedThreadWorker(ThreadWorker):
    def __init__(self, *args, **kwargs) -> None:
        self.in_hand = 0  # requests handed to the thread pool and not yet finished
        self._most_connections = 0
        super().__init__(*args, **kwargs)

    # ThreadWorker's loop accepts while nr_conns < worker_connections: this makes that "while a
    # thread is free", within the configured most connections.
    @property
    def worker_connections(self) -> int:
        if self.in_hand >= self.cfg.threads:
            return min(self.nr_conns, self._most_connections)
        return self._most_connections

    @worker_connections.setter
    def worker_connections(self, value: int) -> None:
        self._most_connections = value

    def enqueue_req(self, conn) -> None:  # on the worker's main thread
        self.in_hand += 1
        super().enqueue_req(conn)

    def finish_request(self, *args) -> None:  # on the main thread, once a request has ended
        self.in_hand -= 1
        super().finish_request(*args)
