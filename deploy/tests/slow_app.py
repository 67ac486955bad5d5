"""A WSGI application for deploy/tests/test_gunicorn_worker.py: it waits the seconds its query
string names, then answers with the process id of the worker that served it."""

import os
import time


def app(environ, start_response):
    time.sleep(float(environ.get("QUERY_STRING") or 0))
    body = str(os.getpid()).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
