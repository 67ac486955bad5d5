from django.urls import path

from . import views

app_name = "browse"
urlpatterns = [
    path("duyet/", views.index, name="index"),
    path("duyet/nguon/", views.sources, name="sources"),
    path("duyet/loai/", views.types, name="types"),
    path("duyet/nam/", views.decades, name="decades"),
    path("duyet/nam/<int:decade>/", views.decade, name="decade"),
    path("duyet/chu-de/", views.subjects, name="subjects"),
    path("duyet/chu-de/<str:letter>/", views.subjects_by_letter, name="subjects-letter"),
]
