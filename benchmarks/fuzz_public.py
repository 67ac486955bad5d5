"""Random, hostile requests to the public endpoints, counting the answers that are 5xx.

    .venv/bin/python benchmarks/fuzz_public.py [--var-dir DIR] [--search 10000] [--oai 6000]
        [--pdf 500] [--api 300] [--exchange 2000] [--seed 1]
    ELASTICSEARCH_URL=http://127.0.0.1:9250 .venv/bin/python benchmarks/fuzz_public.py ...

DIR (a new scratch directory by default) gets a SQLite library of 300 demo documents, 3 with
PDFs, the demo's technology exchange, and its search index (embedded, or Elasticsearch when
ELASTICSEARCH_URL is set). The requests go through Django's test client in this process, DEBUG
off, exceptions answered as they would be in production: /api/search and /search/ with random
parameters, /oai/ by GET and form POST with random verbs, argument names and values, a PDF with
random Range headers, unknown /api/ addresses, /cong-nghe/ with random facets, and the
exchange's enquiry form posted with random fields (a valid spam token in half of them, so that
posts reach the validators). Values mix what clients really send with control characters,
other scripts' digits, numbers of thousands of digits and very long text. Prints, per
endpoint, the requests sent, the statuses, the 5xx count and the first few requests that got
one (and, under /api/, how many answers were not JSON).
"""

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
VERBS = [
    "Identify",
    "ListMetadataFormats",
    "ListSets",
    "GetRecord",
    "ListIdentifiers",
    "ListRecords",
]
OAI_NAMES = ["verb", "metadataPrefix", "identifier", "from", "until", "set", "resumptionToken"]
SEARCH_NAMES = [
    "q",
    "page",
    "size",
    "sort",
    "year",
    "decade",
    "source",
    "type",
    "language",
    "subject",
]
EXCHANGE_NAMES = ["q", "kind", "page", "field", "readiness", "transfer_mode", "province"]
ENQUIRY_NAMES = ["name", "organisation", "contact", "message", "website", "token"]
PLAUSIBLE = [
    *VERBS,
    "oai_dc",
    "mods",
    "marc21",
    "source",
    "collection",
    "2024-03-01",
    "2024-03-01T08:00:00Z",
    "9999-12-31",
    "0001-01-01",
    "relevance",
    "newest",
    "oldest",
    "khoa học",
    '"nuôi tôm"',
    "-lúa",
    "title:biển",
    "year:2010-2015",
    "2015",
    "2010",
    "1",
    "10",
    "100",
    "100000",
    "cantho",
    "vi",
    "en",
    "luan-van",
    "offer",
    "request",
    "7",
    "cap-phep",
    "an@example.vn",
    "0912 345 678",
    "Máy sấy lúa",
]
HOSTILE = [
    "",
    " ",
    "\x00",
    "\x01",
    "\x0b",
    "\x1f",
    "\x7f",
    "\x85",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "²",
    "٣",
    "２０２０",
    "٢٠٢٠",
    "1_000",
    "1e9",
    "-1",
    "-0",
    "0x10",
    "∞",
    "NaN",
    "9" * 40,
    "9" * 5000,
    "%",
    "%00",
    "'",
    '"',
    "<script>",
    "'; DROP TABLE x;--",
    "../..",
    "a" * 40000,
    "đ" * 20000,
    "\U0001f600",
    "\u0301",
    "\r\n",
    "\t",
]


def value(rng: random.Random, plausible: list[str]) -> str:
    """One to three pieces: real values, hostile ones, random code points (no surrogates)."""
    pieces = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        kind = rng.random()
        if kind < 0.4:
            pieces.append(rng.choice(plausible))
        elif kind < 0.75:
            pieces.append(rng.choice(HOSTILE))
        else:
            points = [rng.randrange(0x110000) for _ in range(rng.randrange(1, 12))]
            pieces.append("".join(chr(p) for p in points if not 0xD800 <= p <= 0xDFFF))
    return "".join(pieces)


def prepare(var_dir: Path) -> None:
    env = {
        **os.environ,
        "PORTAL_VAR_DIR": str(var_dir),
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["seed_demo", "--documents", "300", "--pdfs", "3", "--if-empty"],
        ["search_index", "rebuild", "--if-empty"],
    ):
        subprocess.run([*manage, *command], env=env, check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, help="scratch directory (default: a new one)")
    parser.add_argument("--search", type=int, default=10_000, help="search requests")
    parser.add_argument("--oai", type=int, default=6_000, help="OAI-PMH requests")
    parser.add_argument("--pdf", type=int, default=500, help="PDF requests with a Range")
    parser.add_argument("--api", type=int, default=300, help="requests to unknown /api/ paths")
    parser.add_argument("--exchange", type=int, default=2000, help="/cong-nghe/ and enquiries")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    var_dir = args.var_dir or Path(tempfile.mkdtemp(prefix="fuzz-public-"))
    var_dir.mkdir(parents=True, exist_ok=True)
    prepare(var_dir)

    os.environ["PORTAL_VAR_DIR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import logging

    from django.test import Client
    from django.test.utils import setup_test_environment

    from library.models import Document
    from portal.exchange import enquiries
    from portal.exchange.models import TechnologyOfferPage

    setup_test_environment(debug=False)  # production's error pages, "testserver" allowed
    logging.disable(logging.CRITICAL)  # each 5xx would log its traceback
    client = Client(raise_request_exception=False)
    rng = random.Random(args.seed)

    # Real values, so that requests get past the validators as well as into them.
    with_pdf = Document.objects.filter(files__isnull=False).values_list("local_id", flat=True)
    pdf_ids = list(with_pdf[:3])
    ids = list(Document.objects.values_list("local_id", flat=True)[:20])
    first = client.get("/oai/", {"verb": "ListRecords", "metadataPrefix": "oai_dc"}).content
    token = re.search(rb"<resumptionToken[^>]*>([^<]+)<", first)
    oai_values = PLAUSIBLE + [f"oai:thuvien.dbscl.vn:{i}" for i in ids]
    oai_values += [token.group(1).decode()] if token else []

    statuses: dict[str, Counter[int]] = defaultdict(Counter)
    failures: dict[str, list[str]] = defaultdict(list)

    not_json: Counter[str] = Counter()

    def record(endpoint: str, response, described: str) -> None:
        statuses[endpoint][response.status_code] += 1
        if response.status_code >= 500 and len(failures[endpoint]) < 5:
            failures[endpoint].append(described[:300])
        if endpoint.startswith("/api/") and response["Content-Type"] != "application/json":
            not_json[endpoint] += 1

    started = time.perf_counter()
    for _ in range(args.search):
        path = rng.choice(["/api/search", "/search/"])
        names = rng.sample(SEARCH_NAMES, rng.randrange(0, 5))
        pairs = [(n, value(rng, PLAUSIBLE)) for n in names for _ in range(rng.choice([1, 1, 2]))]
        record(path, client.get(path, pairs), f"GET {path} {pairs!r}")
    for _ in range(args.oai):
        pairs = []
        if rng.random() < 0.85:
            pairs.append(("verb", rng.choice(VERBS) if rng.random() < 0.7 else value(rng, VERBS)))
        for _ in range(rng.randrange(0, 5)):
            name = rng.choice(OAI_NAMES) if rng.random() < 0.8 else value(rng, OAI_NAMES)
            pairs.append((name, value(rng, oai_values)))
        body = urlencode(pairs)
        if rng.random() < 0.5:
            record("/oai/ GET", client.get(f"/oai/?{body}"), f"GET /oai/?{body}")
        else:
            answer = client.post("/oai/", body, content_type="application/x-www-form-urlencoded")
            record("/oai/ POST", answer, f"POST /oai/ {body}")
    for _ in range(args.pdf if pdf_ids else 0):
        header = "bytes=" + value(rng, ["0", "-", "9", "0-8", "-10", "5-", "1-2"])
        if rng.random() < 0.5:
            header = "bytes=" + "-".join(value(rng, ["0", "10", "9" * 5000]) for _ in "ab")
        url = f"/tai-lieu/{rng.choice(pdf_ids)}/toan-van.pdf"  # (/pdf/ only redirects here)
        record("PDF with Range", client.get(url, HTTP_RANGE=header), f"GET {url} Range {header!r}")
    for _ in range(args.api):
        path = "/api/" + value(rng, ["nope", "search/", "openapi", "v1/search"])
        answer = client.get(path.replace("?", "%3F").replace("#", "%23"))
        record("/api/ unknown", answer, f"GET {path!r}")
    offers = list(TechnologyOfferPage.objects.live().values_list("pk", flat=True)[:20])
    for _ in range(args.exchange if offers else 0):
        if rng.random() < 0.5:
            names = rng.sample(EXCHANGE_NAMES, rng.randrange(0, 5))
            pairs = [(n, value(rng, PLAUSIBLE)) for n in names for _ in range(rng.choice([1, 2]))]
            record("/cong-nghe/", client.get("/cong-nghe/", pairs), f"GET /cong-nghe/ {pairs!r}")
            continue
        pk = rng.choice(offers)
        fields = {n: value(rng, PLAUSIBLE) for n in rng.sample(ENQUIRY_NAMES, rng.randrange(0, 7))}
        if rng.random() < 0.5:
            fields["token"] = enquiries.token(pk, time.time() - 60)
        url = f"/cong-nghe/lien-he/{pk}/"
        record("enquiry POST", client.post(url, fields), f"POST {url} {fields!r}")
    elapsed = time.perf_counter() - started

    total = sum(sum(c.values()) for c in statuses.values())
    errors = sum(n for c in statuses.values() for code, n in c.items() if code >= 500)
    engine = "elasticsearch" if os.environ.get("ELASTICSEARCH_URL") else "embedded"
    print(f"{total} requests in {elapsed:.0f} s (search engine: {engine}), {errors} answered 5xx")
    for endpoint, counts in statuses.items():
        fives = sum(n for code, n in counts.items() if code >= 500)
        shown = ", ".join(f"{code}: {n}" for code, n in sorted(counts.items()))
        print(f"  {endpoint:16} {sum(counts.values()):6} requests, 5xx {fives:4}   ({shown})")
        if endpoint.startswith("/api/"):
            print(f"      answers that are not JSON: {not_json[endpoint]}")
        for described in failures[endpoint]:
            print(f"      5xx: {described}")


if __name__ == "__main__":
    main()
