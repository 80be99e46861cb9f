"""Every app's API routes on one router, so /api/ lists them all: the catalog's own, then what
apps registered through catalog.extensions (register_api_viewset, register_api_urls)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from catalog.extensions import api_urlconfs, api_viewsets


# No format-suffix routes (/api/tables/1.json): the API speaks JSON, chosen by Accept; the suffix
# routes reached extra actions that take no `format` argument and answered 500.
class JsonRouter(DefaultRouter):
    include_format_suffixes = False


router = JsonRouter()
for route in api_viewsets():
    router.register(route.prefix, route.viewset, basename=route.basename)

urlpatterns = [
    path("", include("catalog.api.urls")),
    *(path("", include(urlconf)) for urlconf in api_urlconfs()),
    *router.urls,
    path("", router.get_api_root_view(), name="api-root"),
]
