from django.urls import path

from . import views

app_name = "search"
urlpatterns = [
    path("search/", views.search_page, name="page"),
    path("api/search", views.api_search, name="api"),
    path("api/suggest", views.api_suggest, name="suggest"),
    path("api/openapi.json", views.openapi, name="openapi"),
]
