"""Every app's API routes on one router, so /api/ lists them all: the catalog's own, then what
apps registered through catalog.extensions (register_api_viewset, register_api_urls)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from catalog.extensions import api_urlconfs, api_viewsets

router = DefaultRouter()
for route in api_viewsets():
    router.register(route.prefix, route.viewset, basename=route.basename)

urlpatterns = [
    path("", include("catalog.api.urls")),
    *(path("", include(urlconf)) for urlconf in api_urlconfs()),
    *router.urls,
    path("", router.get_api_root_view(), name="api-root"),
]
