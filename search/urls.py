from django.urls import path

from . import alert_views, feeds, views

app_name = "search"
urlpatterns = [
    path("search/", views.search_page, name="page"),
    path("search/export.<str:style>", views.export_results, name="export"),
    path("search/feed.atom", feeds.SearchAtomFeed(), name="feed-atom"),
    path("search/feed.rss", feeds.SearchFeed(), name="feed-rss"),
    path("search/alerts/", alert_views.subscribe, name="alert-subscribe"),
    path("search/alerts/confirm/<str:signed>/", alert_views.confirm, name="alert-confirm"),
    path(
        "search/alerts/unsubscribe/<str:signed>/",
        alert_views.unsubscribe,
        name="alert-unsubscribe",
    ),
    path("api/search", views.api_search, name="api"),
    path("api/suggest", views.api_suggest, name="suggest"),
    path("api/openapi.json", views.openapi, name="openapi"),
]
