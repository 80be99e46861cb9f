ROUTES = {
    "api/governance/pii/": {"GET": "steward"},
    "api/governance/pii/<int:pk>/decision/": {"POST": "steward"},
    "api/governance/sources/<slug:slug>/pii-report/": {"GET": "viewer"},
    "governance/pii/": {"GET": "steward"},
    "governance/pii/decide/": {"POST": "steward"},
    "governance/audit/": {"GET": "steward"},
}
