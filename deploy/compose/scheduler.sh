#!/bin/sh
# The compose file's scheduler: what the systemd timers do on a machine (deploy/systemd).
# Every minute: scheduled pages, then the harvest sources that are due (each at its own
# interval; a source's lock keeps two runs of it apart). deploy/nightly.sh at 01:30 Vietnam time.
set -u
last_nightly_day=""
while true; do
  python manage.py publish_scheduled || echo "publish_scheduled failed" >&2
  python manage.py harvest --due || echo "harvest reported failures (see the admin)" >&2
  now=$(TZ=Asia/Ho_Chi_Minh date +%H%M)
  today=$(TZ=Asia/Ho_Chi_Minh date +%F)
  if [ "$now" -ge 0130 ] && [ "$today" != "$last_nightly_day" ]; then
    PYTHON=python sh deploy/nightly.sh || echo "the nightly steps reported failures" >&2
    last_nightly_day=$today
  fi
  sleep 60
done
