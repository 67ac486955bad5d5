from django.urls import path

from . import views

app_name = "statistics"
urlpatterns = [
    path("thong-ke/", views.index, name="index"),
    # before the charts' CSV, whose slug would match it too
    path("thong-ke/luot-dung-<int:year>-<int:month>.csv", views.usage_csv, name="usage"),
    path("thong-ke/<slug:chart>.csv", views.chart_csv, name="csv"),
]
