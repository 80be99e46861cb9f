ROUTES = {
    "api/governance/pii/": {"GET": "steward"},
    "api/governance/pii/<int:pk>/decision/": {"POST": "steward"},
    "api/governance/sources/<slug:slug>/pii-report/": {"GET": "viewer"},
    "governance/pii/": {"GET": "steward"},
    "governance/pii/decide/": {"POST": "steward"},
    "governance/audit/": {"GET": "steward"},
    "governance/assets/<str:kind>/<int:asset_id>/endorse/": {"POST": "viewer"},
    "governance/assets/<str:kind>/<int:asset_id>/flag/": {"POST": "steward"},
    "api/governance/assets/<str:kind>/<int:asset_id>/trust/": {"GET": "viewer"},
    "api/governance/assets/<str:kind>/<int:asset_id>/endorsement/": {"POST": "viewer", "DELETE": "viewer"},
    "api/governance/assets/<str:kind>/<int:asset_id>/flag/": {"PUT": "steward", "DELETE": "steward"},
}
