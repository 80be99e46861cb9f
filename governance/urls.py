from django.urls import path

from governance import views

urlpatterns = [
    path("pii/", views.pii_queue, name="governance-pii-queue"),
    path("pii/decide/", views.pii_decide, name="governance-pii-decide"),
    path("audit/", views.audit_log, name="governance-audit"),
]
urlpatterns += [
    path("assets/<str:kind>/<int:asset_id>/endorse/", views.endorse, name="governance-endorse"),
    path("assets/<str:kind>/<int:asset_id>/flag/", views.flag, name="governance-flag"),
]
