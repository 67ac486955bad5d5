"""Hints to SQLite's query planner; other databases get the query as written.

SQLite here (3.40) plans without statistics (no ANALYZE is run): asked for rows that match an
indexed column and are among a list of ids, or in an index's order, it may walk that column's
index through every row it holds instead of looking the ids up, or the order's index. A column
written as an expression (`+"status"`) is one SQLite does not look up by an index (its
documented hint), so the planner takes the other way. PostgreSQL plans from statistics, and
knows no unary plus for text.
"""

from django.db.models import Func


class Unindexed(Func):
    """A column that SQLite's planner does not look up by an index (`+"id"`, a no-op there);
    the column itself elsewhere."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="+%(expressions)s", **extra_context)
