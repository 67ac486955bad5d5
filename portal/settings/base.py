"""Settings shared by every environment; dev, test and production refine them."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PORTAL_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PORTAL_DIR.parent


def _directory(name: str, default: Path) -> Path:
    """A directory named in the environment; unset or empty, `default`. An empty value was the
    working directory: `SEARCH_INDEX_DIR=` put the search index wherever a command ran."""
    return Path(os.environ.get(name) or default)


VAR_DIR = _directory("PORTAL_VAR_DIR", BASE_DIR / "var")

INSTALLED_APPS = [
    "library",
    "harvest",
    "search",
    "portal.home",
    "portal.news",
    "portal.exchange",
    "portal.statistics",
    "portal.usage",
    "django_tasks",
    "django_tasks_db",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.headers.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.errors.EngineUnavailableMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PORTAL_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def shared_sqlite(database: dj_database_url.DBConfig) -> dj_database_url.DBConfig:
    """`database`, made fit for several processes at once if it is SQLite (every settings
    module's, production's too). WAL lets the web server read while a seed or harvest writes. A
    transaction takes the write lock as it begins (IMMEDIATE): one that read first and wrote
    next found the lock taken by another writer and failed at once, "database is locked",
    without waiting its `timeout` (two db_workers storing their batches, whose texts then went
    unindexed and whose run never ended; benchmarks/harvest_fulltext.py). Connections are kept
    between requests (the caller's CONN_MAX_AGE), as for PostgreSQL: opening one for each
    request cost a search 3 ms (the file, the pragmas, the schema read again)."""
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
        }
    return database


# DATABASE_URL picks the engine (postgres://… at scale); without it, a local SQLite file.
DATABASES = {
    "default": shared_sqlite(
        dj_database_url.config(default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}", conn_max_age=60)
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache that every process shares (gunicorn's workers, the harvester, the task workers, on
# one machine or several): the library's figures (portal/cached.py) are computed once, by the
# harvest run that changed them, and read by every worker. In the database, which they all
# reach already: no server to run; `manage.py createcachetable` makes its table (the migrate
# steps run it). The double-click rule's keys (portal.usage.counter) stay in each process's
# memory: a write to the database for each page view would make a reader wait on a harvest's
# write lock (SQLite).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
        # past the ~20 figures, one per member library, and Wagtail's few: culling (a third
        # of the keys dropped) should never come
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    "clicks": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "clicks"},
    # Wagtail looks each image's rendition up here, and writes it back at every look: in the
    # database cache, a write transaction an image shown (ten a view of the news list), each
    # waiting for SQLite's one writer while a harvest writes. None kept: the lists read their
    # images' renditions with them (news.models.with_renditions), a page its few by index.
    "renditions": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese interface by default, English available; storage always in UTC.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = _directory("STATIC_ROOT", BASE_DIR / "static")
STATICFILES_DIRS = [PORTAL_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = _directory("MEDIA_ROOT", VAR_DIR / "media")

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Uploads (editors' images and documents in the admin): nginx refuses bodies over 50 MB
# (deploy/nginx); Django keeps what is over 5 MB on disk while it reads it.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Full-text PDFs are sent by nginx from an internal location (deploy/nginx) when this is on.
PDF_X_ACCEL_REDIRECT = os.environ.get("PDF_X_ACCEL_REDIRECT", "false").lower() == "true"

WAGTAIL_SITE_NAME = "Cổng thông tin KH&CN Đồng bằng sông Cửu Long"
WAGTAILADMIN_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
# Pages can be translated (Vietnamese source, English copies: admin → "Dịch"/"Translate").
# A visitor whose language is English (cookie or Accept-Language) is served the English copy of
# a page where one exists, at the same address; the Vietnamese page otherwise.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "csv", "txt", "zip"]

# How long the technology exchange keeps a visitor's enquiry (personal data): `purge_enquiries`,
# run nightly, deletes older ones.
ENQUIRY_RETENTION_DAYS = int(os.environ.get("ENQUIRY_RETENTION_DAYS", "730"))

# The namespace of the portal's OAI identifiers: oai:<this>:<Document.local_id>.
OAI_REPOSITORY_IDENTIFIER = os.environ.get("OAI_REPOSITORY_IDENTIFIER", "thuvien.dbscl.vn")

# Search: Elasticsearch when ELASTICSEARCH_URL is set, else the embedded tantivy index on disk.
SEARCH: dict[str, str | int] = {
    "ELASTICSEARCH_URL": os.environ.get("ELASTICSEARCH_URL", ""),
    "INDEX_NAME": os.environ.get("ELASTICSEARCH_INDEX", "portal-documents"),
    # New indexes (each rebuild makes one): deploy/README.md says what suits a cluster.
    "SHARDS": int(os.environ.get("ELASTICSEARCH_SHARDS", "1")),
    "REPLICAS": int(os.environ.get("ELASTICSEARCH_REPLICAS", "0")),
    "INDEX_DIR": str(_directory("SEARCH_INDEX_DIR", VAR_DIR / "search")),
}

# Harvesting: a partner's data and links are untrusted (README, "Harvesting"). The harvester
# fetches nothing from loopback, private or link-local addresses unless this is on: for the
# tests and the smoke test, whose providers run on loopback, never for real partners.
HARVEST_ALLOW_PRIVATE_NETWORKS = (
    os.environ.get("HARVEST_ALLOW_PRIVATE_NETWORKS", "false").lower() == "true"
)
# One OAI-PMH answer: at most this many bytes (a source may set its own) within this many seconds.
HARVEST_OAI_MAX_BYTES = int(os.environ.get("HARVEST_OAI_MAX_BYTES", str(64 * 1024 * 1024)))
# How long a harvest's lock on its source lasts unless the run renews it (harvest.schedule).
HARVEST_LOCK_LEASE_SECONDS = int(os.environ.get("HARVEST_LOCK_LEASE_SECONDS", "900"))
HARVEST_OAI_DEADLINE = float(os.environ.get("HARVEST_OAI_DEADLINE", "120"))
# One PDF, redirects included, within this many seconds (its size cap is the source's).
HARVEST_PDF_DEADLINE = float(os.environ.get("HARVEST_PDF_DEADLINE", "120"))
# Each text-extraction worker's whole address space (harvest/fulltext/workers.py).
HARVEST_EXTRACT_MEMORY = int(os.environ.get("HARVEST_EXTRACT_MEMORY", str(768 * 1024 * 1024)))
# Seconds one scanned page may take to render and recognise (harvest/ocr_tasks.py); a page
# over it is stopped and kept empty, with its reason.
HARVEST_OCR_PAGE_SECONDS = float(os.environ.get("HARVEST_OCR_PAGE_SECONDS", "120"))

# Background work (PDF extraction, index writes; see harvest.tasks). "immediate" runs it in the
# process that asks (one machine); "database" queues it in the database for `manage.py
# db_worker` processes on any machine that reaches it.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}


def tasks_setting(default: str) -> dict:
    """TASKS for the backend PORTAL_TASKS names (else `default`); an unknown name stops start-up."""
    chosen = os.environ.get("PORTAL_TASKS", default)
    if chosen not in TASK_BACKENDS:
        raise ImproperlyConfigured(f"PORTAL_TASKS must be one of {', '.join(TASK_BACKENDS)}")
    return {"default": {"BACKEND": TASK_BACKENDS[chosen]}}


TASKS = tasks_setting("immediate")

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # pdfminer logs every glyph and object at DEBUG/INFO; only its warnings matter.
        "pdfminer": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
    },
}
