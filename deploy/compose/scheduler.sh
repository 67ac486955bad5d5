#!/bin/sh
# The compose file's scheduler: what the systemd timers do on a machine (deploy/systemd).
# Scheduled pages every minute; deploy/nightly.sh at 01:30 Vietnam time.
set -u
last_harvest_day=""
while true; do
  python manage.py publish_scheduled || echo "publish_scheduled failed" >&2
  now=$(TZ=Asia/Ho_Chi_Minh date +%H%M)
  today=$(TZ=Asia/Ho_Chi_Minh date +%F)
  if [ "$now" -ge 0130 ] && [ "$today" != "$last_harvest_day" ]; then
    PYTHON=python sh deploy/nightly.sh || echo "harvest reported failures (see the admin)" >&2
    last_harvest_day=$today
  fi
  sleep 60
done
