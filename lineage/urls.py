from django.urls import path

from lineage import views

urlpatterns = [
    path("", views.lineage_upload, name="lineage-upload"),
    path("queue/", views.lineage_queue, name="lineage-queue"),
    path("queue/edges/<int:pk>/delete/", views.manual_edge_remove, name="lineage-edge-delete"),
    path("queue/statements/<int:pk>/reviewed/", views.statement_review, name="lineage-statement-reviewed"),
    path("tables/<int:pk>/", views.table_lineage_redirect, name="lineage-table"),
]
