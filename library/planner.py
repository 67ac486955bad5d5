"""Hints to SQLite's query planner, harmless on PostgreSQL.

SQLite here (3.40) plans without statistics (no ANALYZE is run): asked for rows that match an
indexed column and are among a list of ids, or in an index's order, it may walk that column's
index through every row it holds instead of looking the ids up, or the order's index. A column
written as an expression (`+"status"`) is one SQLite does not look up by an index (its
documented hint), so the planner takes the other way.
"""

from django.db.models import Func


class Unindexed(Func):
    """A column as an expression (`+"id"`, a no-op on SQLite and PostgreSQL alike), which
    SQLite's planner does not look up by an index."""

    template = "+%(expressions)s"
