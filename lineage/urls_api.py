from django.urls import path

from lineage import api

urlpatterns = [
    path("lineage/graph/", api.LineageGraphView.as_view(), name="api-lineage-graph"),
    path("lineage/impact/", api.ImpactView.as_view(), name="api-lineage-impact"),
    path("lineage/statements/", api.StatementListView.as_view(), name="api-lineage-statements"),
    path("lineage/edges/", api.ManualEdgeView.as_view(), name="api-lineage-edges"),
    path("lineage/parse/", api.ParseView.as_view(), name="api-lineage-parse"),
    path("lineage/openlineage/", api.OpenLineageView.as_view(), name="api-lineage-openlineage"),
]
