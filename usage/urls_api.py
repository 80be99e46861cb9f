from django.urls import path

from usage import api

urlpatterns = [
    path("usage/tables/<int:pk>/", api.TableUsageView.as_view(), name="api-usage-table"),
    path("usage/sources/<slug:slug>/report/", api.SourceReportView.as_view(), name="api-usage-report"),
    path("usage/sources/<slug:slug>/logs/", api.LogUploadView.as_view(), name="api-usage-upload"),
    path("usage/ingestions/", api.IngestionListView.as_view(), name="api-usage-ingestions"),
    path("usage/queries/<int:pk>/", api.QueryView.as_view(), name="api-usage-query"),
    path("usage/saved-queries/", api.SavedQueryListView.as_view(), name="api-usage-saved-queries"),
    path("usage/saved-queries/<int:pk>/", api.SavedQueryDetailView.as_view(), name="api-usage-saved-query"),
]
