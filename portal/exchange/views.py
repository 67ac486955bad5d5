"""The enquiry form's target (it sits on every offer's and request's page) and its thank-you."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from wagtail.models import Page

from . import enquiries
from .models import Listing


def listing_of(pk: int) -> Listing:
    page = Page.objects.live().public().filter(pk=pk).first()
    listing = page.specific if page else None
    if not isinstance(listing, Listing):
        raise Http404
    return listing


@require_POST
def enquire(request: HttpRequest, pk: int) -> HttpResponse:
    listing = listing_of(pk)
    if enquiries.over_limit(request):
        context = {"listing": listing, "limit": enquiries.PER_HOUR}
        return render(request, "exchange/enquiry_sent.html", context, status=429)
    form = enquiries.EnquiryForm(request.POST, listing=listing)
    if form.is_spam:  # thanked, and forgotten
        return redirect("exchange:enquiry-sent", pk=listing.pk)
    if not form.is_valid():
        context = listing.get_context(request)
        context["form"] = form
        return render(request, listing.get_template(request), context, status=400)
    enquiries.store(form)
    enquiries.count(request)
    return redirect("exchange:enquiry-sent", pk=listing.pk)


def sent(request: HttpRequest, pk: int) -> HttpResponse:
    listing = listing_of(pk)
    context = {"listing": listing, "days": settings.ENQUIRY_RETENTION_DAYS}
    return render(request, "exchange/enquiry_sent.html", context)
