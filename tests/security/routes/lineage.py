ROUTES = {
    "api/lineage/graph/": {"GET": "viewer"},
    "api/lineage/impact/": {"GET": "viewer"},
    "api/lineage/statements/": {"GET": "viewer"},
    "api/lineage/edges/": {"GET": "steward", "POST": "steward"},  # manual edges: curators only
    "api/lineage/parse/": {"POST": "contributor"},
    "api/lineage/openlineage/": {"POST": "contributor"},
    "lineage/": {"GET": "viewer", "POST": "contributor"},
    "lineage/queue/": {"GET": "steward", "POST": "steward"},
    "lineage/queue/edges/<int:pk>/delete/": {"POST": "steward"},
    "lineage/queue/statements/<int:pk>/reviewed/": {"POST": "steward"},
    "lineage/tables/<int:pk>/": {"GET": "viewer"},
}
