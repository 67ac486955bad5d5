"""The /oai/ endpoint: GET or form-encoded POST in, XML out, always HTTP 200 for OAI errors."""

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.gzip import gzip_page
from django.views.decorators.vary import vary_on_headers
from lxml import etree

from library.vocabulary import BadArgument, BadVerb, OAIError

from . import arguments, responses
from .conf import config
from .formats import Links

logger = logging.getLogger(__name__)


@csrf_exempt
@gzip_page
@vary_on_headers("Accept-Encoding")
def endpoint(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    params = request.POST if request.method == "POST" else request.GET
    base_url = request.build_absolute_uri(request.path)
    oai_request = None
    try:
        oai_request = arguments.parse(params.lists())
        ctx = responses.Context(base_url, Links(request.build_absolute_uri("/")), config())
        root = responses.HANDLERS[oai_request.verb](oai_request, ctx)
    except (BadVerb, BadArgument) as err:
        root = responses.error(None, err, base_url)
    except OAIError as err:
        root = responses.error(oai_request, err, base_url)
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return HttpResponse(body, content_type="text/xml; charset=utf-8")
