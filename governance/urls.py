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
urlpatterns += [
    path("assets/<str:kind>/<int:asset_id>/tags/", views.tag_add, name="governance-tag-add"),
    path("assets/<str:kind>/<int:asset_id>/tags/remove/", views.tag_remove, name="governance-tag-remove"),
    path("tags/", views.tag_index, name="governance-tags"),
    path("tags/<slug:slug>/", views.tag_page, name="governance-tag"),
]
urlpatterns += [
    path("assets/<str:kind>/<int:asset_id>/stewards/", views.steward_change, name="governance-stewards"),
]
urlpatterns += [
    path("fields/", views.field_list, name="governance-fields"),
    path("fields/<slug:slug>/", views.field_edit, name="governance-field"),
    path("assets/<str:kind>/<int:asset_id>/fields/", views.asset_fields, name="governance-asset-fields"),
]
