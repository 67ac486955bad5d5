from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("tai-lieu/<str:local_id>/", views.document_page, name="page"),
    path("tai-lieu/<str:local_id>/pdf/", views.document_pdf, name="pdf"),
    path("tai-lieu/<str:local_id>/cite.<str:style>", views.document_citation, name="citation"),
]
