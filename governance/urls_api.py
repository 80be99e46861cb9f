from django.urls import path

from governance import api, glossary_api

urlpatterns = [
    path("governance/pii/", api.PiiQueueView.as_view(), name="api-governance-pii"),
    path(
        "governance/pii/<int:pk>/decision/", api.PiiDecisionView.as_view(), name="api-governance-pii-decide"
    ),
    path(
        "governance/sources/<slug:slug>/pii-report/",
        api.PiiReportView.as_view(),
        name="api-governance-pii-report",
    ),
]
urlpatterns += [
    path(
        "governance/assets/<str:kind>/<int:asset_id>/trust/",
        api.TrustView.as_view(),
        name="api-governance-trust",
    ),
    path(
        "governance/assets/<str:kind>/<int:asset_id>/endorsement/",
        api.EndorsementView.as_view(),
        name="api-governance-endorsement",
    ),
    path(
        "governance/assets/<str:kind>/<int:asset_id>/flag/",
        api.FlagView.as_view(),
        name="api-governance-flag",
    ),
]
urlpatterns += [
    path(
        "governance/assets/<str:kind>/<int:asset_id>/tags/",
        api.AssetTagsView.as_view(),
        name="api-governance-asset-tags",
    ),
    path(
        "governance/assets/<str:kind>/<int:asset_id>/tags/<slug:slug>/",
        api.AssetTagView.as_view(),
        name="api-governance-asset-tag",
    ),
    path("governance/tags/", api.TagListView.as_view(), name="api-governance-tags"),
    path(
        "governance/tags/<slug:slug>/assets/",
        api.TaggedAssetsView.as_view(),
        name="api-governance-tag-assets",
    ),
]
urlpatterns += [
    path(
        "governance/assets/<str:kind>/<int:asset_id>/stewards/",
        api.StewardsView.as_view(),
        name="api-governance-stewards",
    ),
    path(
        "governance/assets/<str:kind>/<int:asset_id>/stewards/<str:username>/",
        api.StewardView.as_view(),
        name="api-governance-steward",
    ),
]
urlpatterns += [
    path(
        "governance/assets/<str:kind>/<int:asset_id>/stewards/groups/<str:name>/",
        api.StewardGroupView.as_view(),
        name="api-governance-steward-group",
    ),
    path("governance/fields/", api.FieldListView.as_view(), name="api-governance-fields"),
    path("governance/fields/<slug:slug>/", api.FieldDetailView.as_view(), name="api-governance-field"),
    path(
        "governance/fields/<slug:slug>/assets/",
        api.FieldAssetsView.as_view(),
        name="api-governance-field-assets",
    ),
    path(
        "governance/assets/<str:kind>/<int:asset_id>/fields/",
        api.AssetFieldsView.as_view(),
        name="api-governance-asset-fields",
    ),
]
urlpatterns += [
    path("glossary/", glossary_api.GlossaryListView.as_view(), name="api-glossary"),
    path("glossary/<int:pk>/", glossary_api.GlossaryTermView.as_view(), name="api-glossary-term"),
    path("glossary/<int:pk>/links/", glossary_api.GlossaryLinksView.as_view(), name="api-glossary-links"),
    path(
        "glossary/<int:pk>/links/<str:kind>/<int:asset_id>/",
        glossary_api.GlossaryLinkView.as_view(),
        name="api-glossary-link",
    ),
]
