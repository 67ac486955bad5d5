"""gunicorn's gthread worker, spreading connections over the workers, replacing one at a time.

gthread accepts every connection it is offered, up to `worker_connections` (1,000), and a
keep-alive connection stays with the worker that took it. One worker's Python runs one thread at
a time (its interpreter lock), so a worker that took more connections than it has threads makes
their requests wait for it while another worker may sit idle: with 2 workers of 2 threads and
4 keep-alive clients on this project's search API, the runs whose connections split 3 and 1 (or
4 and 0) answered 69-118 requests a second, those split 2 and 2 up to 142
(benchmarks/search_throughput.py). This worker leaves a new connection to the others while all
of its threads are busy, for GRACE: if no worker with a free thread has taken it by then, a busy
one takes it, answers it in its turn, and after REBALANCE asks its client to connect again (so
that a worker started meanwhile gets its share). Left for a free thread alone, a new connection
waited as long as kept-alive ones kept every thread busy: a ninth client beside eight asking
without pause was not answered in 10 s, and the clients of a retiring worker, connecting again,
waited 0.5-3.75 s for its replacement to start (/api/search, 8 clients, a worker replaced every
2,000 requests). A worker whose first requests were already answered takes more, so a burst of
new connections can still split unevenly: in three runs of each, 8 clients split 4 and 4 every
time with this worker (gthread: 8-0, 0-8, 2-6), 4 clients 2-2 twice and 3-1 once (gthread:
3-1, 2-2, 1-3).

Nor do two of its workers retire (max_requests) within RETIRE_SPACING seconds of each other: one
that reaches its limit soon after another retired serves on until the spacing has passed. Since
the workers share the load evenly, they reach their limits together, and gunicorn starts a
worker's replacement only once it has exited: with both gone at once, every client waited for
a new worker to start (about 2 s, Django and Wagtail imported), 1.5-3.1 s for all eight clients
of a test at each retirement (GUNICORN_MAX_REQUESTS=2000, /robots.txt).

And told to stop by a reload (`systemctl reload portal-web` after an upgrade: gunicorn starts
new workers and tells the old ones to stop at once; its on_reload hook, `on_reload` here, marks
it), a worker serves on, taking new connections, until a worker started after that is ready to
(HANDOVER seconds at most), then stops as gthread does; told to stop otherwise (gunicorn
stopping), it stops at once. Stopped at once, the old workers left every client waiting for the
new ones to start: 3.0-3.2 s for all eight clients of a test (/api/search)."""

import fcntl
import os
import select
import tempfile
import time
from pathlib import Path

from gunicorn.workers.gthread import ThreadWorker

# A retiring worker finishes its requests and lingers 2 s for its kept-alive connections (30 s
# at most in all, graceful_timeout), and its replacement starts in about 2 s: a minute apart,
# one worker at a time is out of service.
RETIRE_SPACING = float(os.environ.get("GUNICORN_RETIRE_SPACING", "60"))
# How long a new connection may wait for a worker with a free thread before a busy one takes it,
# and how long that one keeps it (about a new worker's start) before it asks its client to
# connect again.
GRACE = 0.1
REBALANCE = 3.0
# How long a worker told to stop serves on at most, waiting for a new one to be ready (a new
# worker imports Django and Wagtail in about 2 s; gunicorn kills one still there after
# graceful_timeout, 30 s).
HANDOVER = 10.0
# A worker told to stop within this many seconds of a reload's start is being replaced; otherwise
# gunicorn is stopping, and it stops at once.
RELOAD = 2.0


def _record(master: int, name: str) -> Path:
    """A file that the gunicorn of pid `master` and its workers share."""
    return Path(tempfile.gettempdir()) / f"gunicorn-{master}-{name}"


def _opened(path: Path) -> int:
    """A descriptor of `path`, read and written, made if missing; never through a symbolic link
    (the temporary directory is everyone's where systemd gives the service none of its own)."""
    return os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)


def _touch(path: Path) -> None:
    os.close(_opened(path))
    os.utime(path, follow_symlinks=False)


def on_reload(server) -> None:
    """gunicorn's on_reload hook (deploy/gunicorn.conf.py), run by gunicorn itself as it begins
    a reload, before it starts the new workers: the old ones it then tells to stop serve on until
    a new one is ready."""
    try:
        _touch(_record(server.pid, "reloaded"))
    except OSError:
        server.log.exception("could not record the reload: the old workers stop at once")


class FreeThreadWorker(ThreadWorker):
    def __init__(self, *args, **kwargs) -> None:
        self.busy = 0  # requests handed to the threads and not finished: on the main thread only
        self.postponed = False
        self.retiring = False  # its retirement granted (max_requests)
        self.waiting_since: float | None = None  # a connection seen waiting while all were busy
        self.taking_busy = False  # accepting a connection though every thread is busy
        self.stop_asked: float | None = None  # when this worker was told to stop (time.time())
        self.running = True
        super().__init__(*args, **kwargs)

    # ThreadWorker.run serves while `alive`; its handle_exit (SIGTERM) sets it False at once
    @property
    def alive(self) -> bool:
        if self.running and self.stop_asked is not None and self._handed_over(self.stop_asked):
            self.running = False
        return self.running

    @alive.setter
    def alive(self, running: bool) -> None:
        self.running = running

    def handle_exit(self, sig, frame) -> None:
        if not self._replaced():  # a plain stop: at once, as gthread
            super().handle_exit(sig, frame)
        elif self.stop_asked is None:
            self.stop_asked = time.time()
            self.method_queue.defer(lambda: None)  # the loop looks at `alive` again

    def _replaced(self) -> bool:
        """Whether gunicorn began a reload in the last RELOAD seconds (on_reload)."""
        return time.time() - self._stamp("reloaded") < RELOAD

    def _handed_over(self, stop_asked: float) -> bool:
        """Whether a worker of this gunicorn became ready after this one was told to stop (at
        `stop_asked`), or HANDOVER has passed since."""
        return time.time() - stop_asked >= HANDOVER or self._stamp("ready") > stop_asked

    def _stamp(self, name: str) -> float:
        """When the record `name` was last touched (time.time()); 0 if it never was."""
        try:
            return _record(self.ppid, name).stat().st_mtime
        except OSError:
            return 0.0

    def run(self) -> None:
        try:  # its application loaded: workers told to stop may now leave their clients to it
            _touch(_record(self.ppid, "ready"))
        except OSError:
            self.log.exception("could not say that worker %s is ready", self.pid)
        super().run()

    # ThreadWorker.handle_request retires the worker once `nr >= max_requests`
    @property
    def max_requests(self) -> int:
        if self.retiring or not self.running or self.nr < self.limit:
            return self.limit
        if self._may_retire():
            self.retiring = True  # its other threads and lingering requests do not ask again
            return self.limit
        if not self.postponed:
            self.postponed = True
            self.log.info("restart of worker %s postponed: another one restarted", self.pid)
        return self.nr + 1  # asked again at the next request

    @max_requests.setter
    def max_requests(self, limit: int) -> None:
        self.limit = limit

    def _may_retire(self) -> bool:
        """Whether no other worker of this gunicorn retired in the last RETIRE_SPACING
        seconds; if none did, this one's retirement is recorded (under a lock: of two workers
        asking at once, one retires)."""
        record = _record(self.ppid, "retired")
        try:
            with os.fdopen(_opened(record), "r+") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    last = float(handle.read() or 0)
                except ValueError:  # not a time: as if none had retired
                    last = 0.0
                now = time.time()
                if 0 <= now - last < RETIRE_SPACING:  # (a clock set back: no wait)
                    return False
                handle.seek(0)
                handle.truncate()
                handle.write(repr(now))
                return True
        except OSError:  # asked inside a request: never fail it for this
            self.log.exception("no record of the workers' restarts in %s", record)
            return True

    # ThreadWorker.run accepts while `nr_conns < worker_connections`
    @property
    def worker_connections(self) -> int:
        if self.busy < self.cfg.threads:
            self.waiting_since = None
        elif not self._left_waiting():
            return self.nr_conns
        return min(self.most_connections, self.nr_conns + 1)

    @worker_connections.setter
    def worker_connections(self, most: int) -> None:
        self.most_connections = most

    def _left_waiting(self) -> bool:
        """Whether a connection has waited in the backlog for GRACE seconds while this worker
        was busy: no worker with a free thread took it, so this one does (and answers it in
        its turn) rather than leave it waiting until one of its threads is free."""
        if not select.select(self.sockets, [], [], 0)[0]:
            self.waiting_since = None
            return False
        now = time.monotonic()
        if self.waiting_since is None:
            self.waiting_since = now
        return now - self.waiting_since >= GRACE

    def accept(self, listener) -> None:
        self.waiting_since = None  # the next connection waits GRACE again
        self.taking_busy = self.busy >= self.cfg.threads
        try:
            super().accept(listener)
        finally:
            self.taking_busy = False

    def enqueue_req(self, conn) -> None:
        if self.taking_busy:  # a new connection, taken though every thread was busy
            conn.taken_busy = time.monotonic()
        self.busy += 1
        super().enqueue_req(conn)

    def handle_request(self, req, conn):
        """A connection taken while every thread was busy is answered with "Connection: close"
        once it has been here REBALANCE seconds: its client connects again, to a worker with a
        free thread if there is one (a retired worker's replacement, started meanwhile) rather
        than stay for good with this one and leave the other idle."""
        taken = getattr(conn, "taken_busy", None)
        if taken is not None and time.monotonic() - taken >= REBALANCE:
            req.must_close = True
        return super().handle_request(req, conn)

    def finish_request(self, conn, fs) -> None:
        self.busy -= 1
        super().finish_request(conn, fs)
