"""The catalog's API routes besides its viewsets (which it registers on the shared router from
CatalogConfig.ready(), like every app)."""

from django.urls import path, re_path

from catalog.api import search, views

urlpatterns = [
    path("me/", views.CurrentUserView.as_view(), name="api-me"),
    re_path(r"^search/?$", search.SearchView.as_view(), name="api-search"),
    re_path(r"^search/autocomplete/?$", search.AutocompleteView.as_view(), name="api-search-autocomplete"),
]
