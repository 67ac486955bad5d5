#!/bin/sh
# The nightly work, one list for the harvest timer (systemd/portal-harvest.service), the compose
# scheduler and cron: harvest every enabled source, queue again the PDFs that lost workers held,
# catch up the search index, mail the readers' search alerts, prune old task results. The steps
# after the harvest run even when a source failed (its error is in the admin); the exit status
# is the harvest's.
# PYTHON names the interpreter (default: the checkout's .venv).
set -u
cd "$(dirname "$0")/.."
py=${PYTHON:-.venv/bin/python}
status=0
"$py" manage.py harvest || status=$?
"$py" manage.py harvest --requeue
"$py" manage.py search_index update
# After the index has caught up, so the digests hold tonight's documents.
"$py" manage.py send_alerts
# Only the database task backend keeps results (with PORTAL_TASKS=immediate this one refuses).
"$py" manage.py prune_db_task_results --min-age-days 7 --failed-min-age-days 30
exit "$status"
