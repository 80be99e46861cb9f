"""Every app's API routes on one router, so /api/ lists them all."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from catalog.api import urls as catalog_api
from lineage import urls_api as lineage_api

router = DefaultRouter()
catalog_api.register(router)

urlpatterns = (
    catalog_api.extra_urlpatterns
    + lineage_api.urlpatterns
    + router.urls
    + [
        path("", router.get_api_root_view(), name="api-root"),
    ]
)
