from django.urls import path

from catalog.views import assets, browse, search, sources

urlpatterns = [
    path("", browse.home, name="home"),
    path("browse/", browse.browse, name="browse"),
    path("search/", search.search_page, name="search"),
    path("sources/", sources.source_list, name="source-list"),
    path("sources/add/", sources.source_edit, name="source-add"),
    path("sources/<slug:slug>/", sources.source_detail, name="source-detail"),
    path("sources/<slug:slug>/edit/", sources.source_edit, name="source-edit"),
    path("sources/<slug:slug>/crawl/", sources.source_crawl, name="source-crawl"),
    path("sources/<slug:slug>/annotate/", assets.source_annotate, name="source-annotate"),
    path("sources/<slug:slug>/delete/", sources.source_delete_page, name="source-delete"),
    path("schemas/<int:pk>/", assets.schema_detail, name="schema-detail"),
    path("schemas/<int:pk>/annotate/", assets.schema_annotate, name="schema-annotate"),
    path("tables/<int:pk>/", assets.table_detail, name="table-detail"),
    path("tables/<int:pk>/annotate/", assets.table_annotate, name="table-annotate"),
    path("tables/<int:pk>/<slug:tab>/", assets.table_detail, name="table-tab"),
    path("columns/<int:pk>/", assets.column_detail, name="column-detail"),
    path("columns/<int:pk>/annotate/", assets.column_annotate, name="column-annotate"),
]
