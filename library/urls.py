from django.urls import path

from . import views
from .oai import views as oai_views

app_name = "library"
urlpatterns = [
    path("oai/", oai_views.endpoint, name="oai"),
    path("tai-lieu/<str:local_id>/", views.document_page, name="document"),
    path("tai-lieu/<str:local_id>/pdf/", views.document_pdf, name="document-pdf"),
    path(
        "tai-lieu/<str:local_id>/cite.<str:style>",
        views.document_citation,
        name="document-citation",
    ),
]
