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
}
