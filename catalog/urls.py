from django.urls import path, re_path

from catalog import views

urlpatterns = [
    path("", views.home, name="home"),
    path("browse/", views.browse, name="browse"),
    path("sources/", views.source_list, name="source-list"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path("schemas/<int:pk>/", views.schema_detail, name="schema-detail"),
    path("tables/<int:pk>/", views.table_detail, name="table-detail"),
    path("tables/<int:pk>/<str:tab>/", views.table_detail, name="table-tab"),
    re_path(r"^(?P<section>queries|articles|glossary)/$", views.section, name="section"),
]
