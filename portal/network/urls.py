from django.urls import path

from . import views

app_name = "network"
urlpatterns = [
    path("mang-luoi/", views.index, name="index"),
    path("mang-luoi/<slug:slug>/", views.library, name="library"),
]
