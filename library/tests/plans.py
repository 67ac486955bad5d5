"""What SQLite plans for the queries a piece of code runs: tests that a page or a job reads the
library's big tables by index, never by scanning or sorting every row."""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def query_plans(run: Callable[[], object]) -> dict[str, list[str]]:
    """Each SELECT that run() makes → the steps of SQLite's plan for it (EXPLAIN QUERY PLAN)."""
    with CaptureQueriesContext(connection) as queries:
        run()
    plans = {}
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            if query["sql"].startswith("SELECT"):
                cursor.execute("EXPLAIN QUERY PLAN " + query["sql"].replace("%", "%%"))
                plans[query["sql"]] = [row[-1] for row in cursor.fetchall()]
    return plans
