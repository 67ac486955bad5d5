#!/bin/sh
# The nightly work, one list for the nightly timer (systemd/portal-harvest.service), the compose
# scheduler and cron: queue again the PDFs and OCR that lost workers held, catch up the search
# index, recompute the statistics (hand-entered documents, texts read since), mail the readers'
# search alerts, delete old exchange enquiries, prune old task results. The harvests themselves run
# every minute (`harvest --due`: systemd/portal-harvest-due.timer), each source at its own
# interval. A step that fails does not stop the next; the exit status is the first failure's.
# PYTHON names the interpreter (default: the checkout's .venv).
set -u
cd "$(dirname "$0")/.."
py=${PYTHON:-.venv/bin/python}
status=0
step() {
  "$py" manage.py "$@" || { rc=$?; [ "$status" -ne 0 ] || status=$rc; }
}
step harvest --requeue
step search_index update
step refresh_figures
# After the index has caught up, so the digests hold today's documents.
step send_alerts
# Enquiries to the technology exchange are personal data, kept ENQUIRY_RETENTION_DAYS.
step purge_enquiries
# Only the database task backend keeps results (with PORTAL_TASKS=immediate this one refuses).
"$py" manage.py prune_db_task_results --min-age-days 7 --failed-min-age-days 30
exit "$status"
