from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "documents"
urlpatterns = [
    path("tai-lieu/<str:local_id>/", views.document_page, name="page"),
    # Ends in .pdf, under the document's page: what Google Scholar's guidelines ask of a PDF.
    path("tai-lieu/<str:local_id>/toan-van.pdf", views.document_pdf, name="pdf"),
    path(
        "tai-lieu/<str:local_id>/pdf/",
        RedirectView.as_view(pattern_name="documents:pdf", permanent=True),
    ),
    path("tai-lieu/<str:local_id>/cite.<str:style>", views.document_citation, name="citation"),
]
