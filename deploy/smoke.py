"""Production smoke test, without Docker: the real stack on loopback, checked through nginx.

    DATABASE_URL=postgres://… ELASTICSEARCH_URL=http://… .venv/bin/python deploy/smoke.py

(`make smoke` starts PostgreSQL and Elasticsearch and runs this.) In a scratch folder and a
scratch database it: migrates with production settings, collects static files, seeds a small
demo, harvests a local OAI-PMH provider with PDFs through the database task queue and a
`db_worker`, rebuilds the index, starts gunicorn (deploy/gunicorn.conf.py) behind nginx
(deploy/nginx/*.conf), checks the public pages, the PDF, /oai/, the admin login page, cache
headers, gzip and the rate limits through nginx, runs `check --deploy`, and stops everything.
Exit status 0 when every check passed; each check prints one line.
"""

import os
import secrets
import subprocess
import sys
import tempfile
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from deploy.stack import NGINX, ROOT, manage, production_env, web_stack
from harvest.testing.provider import Item, Provider, Running
from library.demo.pdf import render_pdf

PYTHON = sys.executable
FAILURES: list[str] = []


def check(what: str, ok: bool, detail: str = "") -> None:
    print(("  ok  " if ok else "FAIL  ") + what + (f"  ({detail})" if detail and not ok else ""))
    if not ok:
        FAILURES.append(what)


def step(what: str) -> None:
    print(f"--- {what}", flush=True)


@contextmanager
def scratch_database(url: str):
    """A new database beside the one in `url`, dropped afterwards."""
    name = f"portal_smoke_{secrets.token_hex(4)}"
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def provider_with_pdfs() -> Running:
    fake = Provider(items=[Item(n, f"Báo cáo khảo nghiệm giống lúa số {n}") for n in range(1, 13)])
    running = Running(fake)
    data, _ = render_pdf("Khảo nghiệm lúa", ["Phạm Văn C"], "Giống lúa chịu mặn Bạc Liêu. " * 40)
    fake.pdfs = {f"/pdf/{n}.pdf": data for n in range(1, 5)}
    for n in range(1, 5):
        fake.items[n - 1].pdf = f"{running.root}/pdf/{n}.pdf"
    return running


def main() -> None:
    database_url, es_url = os.environ.get("DATABASE_URL", ""), os.environ.get("ELASTICSEARCH_URL")
    if not database_url.startswith("postgres") or not es_url:
        raise SystemExit("Set DATABASE_URL (PostgreSQL) and ELASTICSEARCH_URL; `make smoke` does.")
    if not Path(NGINX).exists():
        raise SystemExit("nginx is missing: apt-get install nginx-light (`make smoke` does).")
    with ExitStack() as stack:
        root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="portal-smoke-")))
        root.chmod(0o755)
        index = f"portal-smoke-{secrets.token_hex(4)}"
        env = production_env(
            root,
            DATABASE_URL=stack.enter_context(scratch_database(database_url)),
            ELASTICSEARCH_URL=es_url,
            ELASTICSEARCH_INDEX=index,
            HARVEST_ALLOW_PRIVATE_NETWORKS="true",  # its provider runs on loopback
        )
        stack.callback(drop_index, es_url, index)

        step("install: migrate, collectstatic, seed a small demo")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "seed_demo", "--documents", "150", "--pdfs", "3", "--news", "3")

        step("harvest a local provider; a db_worker reads its PDFs; rebuild the index")
        running = provider_with_pdfs()
        stack.callback(running.stop)
        out = manage(env, "harvest", "--url", running.url)
        check(
            "harvest summary: 12 new records, full text owed",
            "12 mới" in out and "chờ toàn văn" in out,
            out,
        )
        manage(env, "db_worker", "--batch", "--no-startup-delay", "--no-reload")
        runs = manage(
            env,
            "shell",
            "-c",
            "from harvest.models import HarvestRun as R; "
            "print([(r.status, r.pdfs_extracted) for r in R.objects.all()])",
        )
        check(
            "the run succeeds once the worker has read its PDFs", "[('succeeded', 4)]" in runs, runs
        )
        manage(env, "search_index", "rebuild")

        step("check --deploy with TLS on")
        report = subprocess.run(
            [PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=ROOT,
            env={**env, "PORTAL_TLS": "true"},
            capture_output=True,
            text=True,
        )
        output = report.stdout + report.stderr
        check("manage.py check --deploy is clean", report.returncode == 0, output)

        step("gunicorn (deploy/gunicorn.conf.py) behind nginx (deploy/nginx)")
        base = stack.enter_context(web_stack(root, env))
        with httpx.Client(base_url=base, timeout=30) as web:
            checks_through_nginx(web)
    if FAILURES:
        raise SystemExit(f"{len(FAILURES)} smoke checks failed: {', '.join(FAILURES)}")
    print("smoke test passed; everything stopped")


def checks_through_nginx(web: httpx.Client) -> None:
    step("pages, search, PDF, OAI-PMH and the admin through nginx")
    home = web.get("/")
    check(
        "home page 200",
        home.status_code == 200 and "Đồng bằng sông Cửu Long" in home.text,
        f"{home.status_code} {home.text[:300]}",
    )
    check("gzip on HTML", home.headers.get("content-encoding") == "gzip")
    page = web.get("/search/", params={"q": "khoa hoc"})
    marked = page.text.lower()
    check(
        "search page highlights 'khoa học'",
        "<mark>khoa</mark>" in marked and "<mark>học</mark>" in marked,
    )
    api = web.get("/api/search", params={"q": "lua chiu man bac lieu"}).json()
    check("harvested PDF text is searchable", api["total"] >= 4, str(api.get("total")))
    facets = web.get("/api/search", params={"q": "khoa hoc"}).json()["facets"]
    check("facets with counts", bool(facets.get("source")) and facets["source"][0]["count"] > 0)
    with_pdf = [h for h in api["hits"] if h["pdf_url"]]  # found by its PDF's words
    check("a hit with its PDF", bool(with_pdf), str(api["hits"][:3]))
    document = web.get(with_pdf[0]["url"])
    check("document page 200", document.status_code == 200, str(document.status_code))
    pdf_url = next(
        line.split('content="')[1].split('"')[0]
        for line in document.text.splitlines()
        if 'name="citation_pdf_url"' in line
    )
    pdf = web.get(pdf_url)
    is_pdf = pdf.content.startswith(b"%PDF") and pdf.headers["content-type"] == "application/pdf"
    check("PDF sent by nginx", pdf.status_code == 200 and is_pdf, str(pdf.status_code))
    part = web.get(pdf_url, headers={"Range": "bytes=0-4"})
    check("PDF byte range 206", part.status_code == 206 and part.content == b"%PDF-")
    check("PDF folder not public", web.get("/media/pdf/").status_code == 404)
    identify = web.get("/oai/", params={"verb": "Identify"})
    check("/oai/ Identify", identify.status_code == 200 and "<Identify>" in identify.text)
    records = web.get("/oai/", params={"verb": "ListRecords", "metadataPrefix": "oai_dc"})
    check("/oai/ ListRecords", "<record>" in records.text and "resumptionToken" in records.text)
    login = web.get("/admin/login/")
    check("admin login page", login.status_code == 200 and 'name="password"' in login.text)
    check("admin is behind login", web.get("/admin/").status_code == 302)
    css = next(
        part.split('"')[0]
        for part in home.text.split('href="')[1:]
        if part.startswith("/static/") and ".css" in part.split('"')[0]
    )
    static = web.get(css)
    check(
        "static CSS from nginx, cached a year",
        static.status_code == 200 and "immutable" in static.headers.get("cache-control", ""),
    )

    step("rate limits")
    statuses = [web.get("/api/search", params={"q": "lua"}).status_code for _ in range(40)]
    check("/api/search: a flood gets 429", 429 in statuses and statuses[0] == 200)
    answers = [web.get("/oai/", params={"verb": "Identify"}) for _ in range(25)]
    busy = [a for a in answers if a.status_code == 503]
    check(
        "/oai/: a flood gets 503 with Retry-After",
        bool(busy) and busy[0].headers.get("retry-after") == "2",
    )


def drop_index(url: str, name: str) -> None:
    # Each rebuild makes <name>-<time> behind the alias <name>; drop them all.
    httpx.delete(f"{url}/{name}-*", timeout=30)


if __name__ == "__main__":
    main()
