from django.urls import path

from catalog.api import views


def register(router) -> None:
    router.register("sources", views.DataSourceViewSet, basename="source")
    router.register("crawl-runs", views.CrawlRunViewSet, basename="crawl-run")
    router.register("schemas", views.SchemaViewSet, basename="schema")
    router.register("tables", views.TableViewSet, basename="table")
    router.register("columns", views.ColumnViewSet, basename="column")


extra_urlpatterns = [
    path("me/", views.CurrentUserView.as_view(), name="api-me"),
]
