"""Every kind of page a visitor (or, with --admin, a librarian) meets, timed over HTTP as
production serves it, so a page that went slow at scale shows up in one run.

    .venv/bin/python benchmarks/pages.py --var-dir DIR [--per-kind 3] [--repeat 5]
        [--slow-ms 200] [--max-pages 400] [--admin] [--seed 7]
        [--checkout DIR]

DIR holds a seeded, migrated, indexed site (`seed_demo --documents 229000`, `search_index
rebuild`). The script starts gunicorn as production runs it (one worker) and crawls the links
of the pages from the home page (and from /admin/ with --admin, signed in as a superuser
`bench-librarian` it adds), breadth first, keeping up to --per-kind addresses of each kind (an
address with its numbers, identifiers and query values taken out). Each address is asked once
(its first request: caches and the operating system's pages as the crawl left them) and then
--repeat times more. It prints, kind by kind, in ms, the slowest first request, the median and
the slowest of the repeats, marks with `!` the kinds whose median reaches --slow-ms, and lists
every address that answered an error (a broken link on the site is a finding too). Wagtail's
bulk actions (links a script completes) and what deletes, moves or unpublishes are not
followed.

The public crawl starts from the home page, robots.txt, the sitemap, the OAI-PMH verbs and a
few searches of words of documents drawn by --seed. --checkout serves another checkout's code (a
`git worktree`) on the same site, to set two versions side by side.
"""

import argparse
import random
import re
import secrets
import sqlite3
import statistics
import urllib.parse
from collections import defaultdict, deque
from html.parser import HTMLParser
from pathlib import Path

from _server import ROOT, Client, serve

from deploy.stack import manage, production_env

SKIPPED = re.compile(
    r"^/(static|media|admin/bulk)/|/(delete|unpublish|logout|lock|unlock|copy|move|revisions/\d+/revert)"
    r"(/|$)|toan-van\.pdf$"
)
KEPT = {"q", "page", "p", "verb", "metadataPrefix", "resumptionToken", "identifier"}
SESSION = """
import sys
sys.path.insert(0, "benchmarks")
from _librarian import signed_in_client
print(signed_in_client().cookies["sessionid"].value)
"""


class Links(HTMLParser):
    """The links of a page: its anchors, and a sitemap's <loc> addresses."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.in_loc = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.found.extend(value for name, value in attrs if name == "href" and value)
        self.in_loc = tag == "loc"

    def handle_data(self, data: str) -> None:
        if self.in_loc:
            self.found.append(data.strip())


def kind(address: str) -> str:
    """The address with what varies between pages of one kind taken out: path segments that
    hold a digit or are one letter, the values of the query, and which filters it holds
    (counted, not named: their combinations are many)."""
    parts = urllib.parse.urlsplit(address)
    segments = ["*" if re.search(r"\d", s) or len(s) == 1 else s for s in parts.path.split("/")]
    names = {name for name, _ in urllib.parse.parse_qsl(parts.query, True)}
    kept = sorted(names & KEPT)
    if names - KEPT:
        kept.append(f"{len(names - KEPT)} more")
    return "/".join(segments) + ("?" + "&".join(kept) if kept else "")


def starts(database: Path, seed: int) -> list[str]:
    """The public start addresses: the home page, what robots and harvesters start from, and
    searches of words from three active documents drawn by `seed` (a title's first two words,
    the whole title quoted; the first word typed halfway, for suggestions)."""
    with sqlite3.connect(database) as connection:
        (last,) = connection.execute("SELECT max(id) FROM library_document").fetchone()
        drawn = random.Random(seed).sample(range(1, last + 1), min(last, 100))
        marks = ",".join("?" * len(drawn))
        found = dict(
            connection.execute(
                f"SELECT id, title FROM library_document WHERE status = 'active'"
                f" AND id IN ({marks})",
                drawn,
            ).fetchall()
        )
    titles = [found[i] for i in drawn if i in found][:3]
    addresses = [
        "/",
        "/robots.txt",
        "/sitemap.xml",
        "/api/openapi.json",
        "/oai/?verb=Identify",
        "/oai/?verb=ListSets",
        "/oai/?verb=ListMetadataFormats",
        "/oai/?verb=ListRecords&metadataPrefix=oai_dc",
        "/oai/?verb=ListIdentifiers&metadataPrefix=oai_dc",
    ]
    for title in titles:
        words = title.split()
        for q in [" ".join(words[:2]), f'"{title}"']:
            query = urllib.parse.urlencode({"q": q})
            addresses += [f"/search/?{query}", f"/api/search?{query}"]
        prefix = words[0][: max(2, len(words[0]) // 2)]
        addresses.append(f"/api/suggest?{urllib.parse.urlencode({'q': prefix})}")
    return addresses


def links(base: str, page: str, body: bytes) -> list[str]:
    parser = Links()
    parser.feed(body.decode("utf-8", "replace"))
    found = []
    for href in parser.found:
        absolute = urllib.parse.urljoin(base + page, href)
        if absolute.startswith(base + "/"):
            address = urllib.parse.urldefrag(absolute[len(base) :])[0]
            address = urllib.parse.quote(address, safe="!$%&'()*+,-./:;=?@[]~_")  # as browsers
            if not SKIPPED.search(address):
                found.append(address)
    return found


def crawl(
    client: Client, base: str, start: list[str], per_kind: int, limit: int
) -> tuple[dict[str, list[tuple[str, float]]], list[tuple[str, int, str]]]:
    """The addresses reached from `start` within its part of the site (the admin's, or the
    public one), by kind, each with the milliseconds of its first request; and those that
    answered other than 200, with the page that linked them."""
    admin = start[0].startswith("/admin/")
    kinds: dict[str, list[tuple[str, float]]] = defaultdict(list)
    failed: list[tuple[str, int, str]] = []
    seen = set(start)
    queue = deque((address, "") for address in start)
    visited = 0
    while queue and visited < limit:
        address, referrer = queue.popleft()
        status, body, seconds = client.fetch(address)
        visited += 1
        if status != 200:
            if status >= 400:  # a redirect (to a sign-in, a form's next step) is no finding
                failed.append((address, status, referrer))
            continue
        kinds[kind(address)].append((address, seconds * 1000))
        if not re.match(rb"\s*<(!doctype|html|\?xml[^>]*>\s*<(sitemapindex|urlset))", body, re.I):
            continue
        for found in links(base, address, body):
            if found in seen or found.startswith("/admin/") != admin:
                continue
            seen.add(found)
            if (
                sum(1 for a, _ in queue if kind(a) == kind(found)) + len(kinds.get(kind(found), []))
                < per_kind
            ):
                queue.append((found, address))
    return kinds, failed


def report(
    client: Client, title: str, kinds: dict[str, list[tuple[str, float]]], repeat: int, slow: float
) -> None:
    print(f"\n{title}: {len(kinds)} kinds of page, {sum(map(len, kinds.values()))} addresses")
    print(f"  {'kind':58} {'n':>3} {'first':>8} {'median':>8} {'max':>8}  ms")
    for name, pages in sorted(kinds.items()):
        times = [client.get(address)[1] * 1000 for address, _ in pages for _ in range(repeat)]
        median = statistics.median(times)
        mark = "!" if median >= slow else " "
        first = max(ms for _, ms in pages)  # the slowest first request of the kind
        print(f"{mark} {name[:58]:58} {len(pages):3} {first:8.1f} {median:8.1f} {max(times):8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, required=True)
    parser.add_argument("--per-kind", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--slow-ms", type=float, default=200)
    parser.add_argument("--max-pages", type=int, default=400)
    parser.add_argument("--admin", action="store_true", help="the admin's pages too")
    parser.add_argument("--seed", type=int, default=7, help="draws the documents searched for")
    parser.add_argument(
        "--checkout", type=Path, default=ROOT, help="serve another checkout's code (a worktree)"
    )
    args = parser.parse_args()
    var_dir = args.var_dir.resolve()
    key = secrets.token_urlsafe(50)  # the server's, to sign the librarian's session with
    with serve(var_dir, checkout=args.checkout.resolve(), SECRET_KEY=key) as base:
        parts = [("public pages", starts(var_dir / "db.sqlite3", args.seed), Client(base))]
        if args.admin:
            database = f"sqlite:///{var_dir / 'db.sqlite3'}"
            env = production_env(var_dir, DATABASE_URL=database, SECRET_KEY=key)
            session = manage(env, "shell", "-c", SESSION).split()[-1]
            admin = Client(base, headers={"Cookie": f"sessionid={session}"})
            parts.append(("admin pages, signed in", ["/admin/"], admin))
        print(
            f"{base}, one gunicorn worker, production settings; first request, then "
            f"{args.repeat} more of each address; ! marks a median >= {args.slow_ms:.0f} ms"
        )
        for title, start, client in parts:
            kinds, failed = crawl(client, base, start, args.per_kind, args.max_pages)
            report(client, title, kinds, args.repeat, args.slow_ms)
            for address, status, referrer in failed:
                print(f"  HTTP {status}: {address} (linked from {referrer or 'the start'})")


if __name__ == "__main__":
    main()
