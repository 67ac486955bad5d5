#!/bin/sh
# The compose file's scheduler: what the systemd timers do on a machine (deploy/systemd).
# Scheduled pages every minute; the harvest (then requeue, index catch-up, pruning) at 01:30
# Vietnam time.
set -u
last_harvest_day=""
while true; do
  python manage.py publish_scheduled || echo "publish_scheduled failed" >&2
  now=$(TZ=Asia/Ho_Chi_Minh date +%H%M)
  today=$(TZ=Asia/Ho_Chi_Minh date +%F)
  if [ "$now" -ge 0130 ] && [ "$today" != "$last_harvest_day" ]; then
    python manage.py harvest || echo "harvest reported failures (see the admin)" >&2
    python manage.py harvest --requeue
    python manage.py search_index update
    python manage.py prune_db_task_results --min-age-days 7 --failed-min-age-days 30
    last_harvest_day=$today
  fi
  sleep 60
done
