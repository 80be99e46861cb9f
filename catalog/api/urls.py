from django.urls import path

from catalog.api import views


def register(router) -> None:
    router.register("sources", views.DataSourceViewSet, basename="source")


extra_urlpatterns = [
    path("me/", views.CurrentUserView.as_view(), name="api-me"),
]
