ROUTES = {
    "api/usage/tables/<int:pk>/": {"GET": "viewer"},
    "api/usage/sources/<slug:slug>/report/": {"GET": "viewer"},
    "api/usage/sources/<slug:slug>/logs/": {"POST": "contributor"},
    "api/usage/ingestions/": {"GET": "viewer"},
    "api/usage/queries/<int:pk>/": {"GET": "viewer"},
    "usage/queries/": {"GET": "viewer"},
    "usage/queries/<int:pk>/": {"GET": "viewer"},
    "usage/upload/": {"GET": "contributor", "POST": "contributor"},
    "usage/users/<str:name>/": {"GET": "viewer"},
    # Saved queries: Contributors write; the author or a steward edits and deletes. The matrix's
    # saved query has no author, so only stewards and admins may change it.
    "api/usage/saved-queries/": {"GET": "viewer", "POST": "contributor"},
    "api/usage/saved-queries/<int:pk>/": {"GET": "viewer", "PATCH": "steward", "DELETE": "steward"},
    "usage/saved/": {"GET": "viewer"},
    "usage/saved/new/": {"GET": "contributor", "POST": "contributor"},
    "usage/saved/<int:pk>/": {"GET": "viewer"},
    "usage/saved/<int:pk>/edit/": {"GET": "steward", "POST": "steward"},
    "usage/saved/<int:pk>/delete/": {"POST": "steward"},
}
