from django.urls import path, re_path

from catalog.api import search, views


def register(router) -> None:
    router.register("sources", views.DataSourceViewSet, basename="source")
    router.register("crawl-runs", views.CrawlRunViewSet, basename="crawl-run")
    router.register("schemas", views.SchemaViewSet, basename="schema")
    router.register("tables", views.TableViewSet, basename="table")
    router.register("columns", views.ColumnViewSet, basename="column")


extra_urlpatterns = [
    path("me/", views.CurrentUserView.as_view(), name="api-me"),
    re_path(r"^search/?$", search.SearchView.as_view(), name="api-search"),
    re_path(r"^search/autocomplete/?$", search.AutocompleteView.as_view(), name="api-search-autocomplete"),
]
