"""Every figure of the library (portal.cached) computed and stored for its current generation,
so that no visitor waits seconds for them: after a harvest run that changed the library, and
nightly. Refreshes queued by several runs (a worker busy elsewhere, sources harvested minutes
apart) come to one: the first computes the newest generation's, the others find it done."""

from django.conf import settings
from django.utils import translation

from library.models import Source
from portal import sitemap
from portal.cached import generation, is_stored, store
from portal.network import holdings
from portal.network import views as network

from . import figures, views


def refresh(again: bool = True) -> str:
    """The generation the figures were stored for; unless `again`, nothing is computed when
    they were already stored for it."""
    current = generation()
    if not again and is_stored("refreshed", current):
        return current
    store("holdings", holdings.counts(), current)
    found = store("statistics", figures.compute(current), current)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            store(f"statistics:charts:{code}", views.drawn_charts(found), current)
    for slug in Source.objects.values_list("slug", flat=True):
        store(f"network:{slug}", network.library_figures(slug), current)
    store(sitemap.SECTIONS, sitemap.document_sections(), current)
    figures.most_used_this_month(fresh=True)
    store("refreshed", True, current)
    return current
