from django.urls import path

from .oai import views as oai_views

app_name = "library"
urlpatterns = [path("oai/", oai_views.endpoint, name="oai")]
