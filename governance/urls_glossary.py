from django.urls import path

from governance import glossary_views as views

urlpatterns = [
    path("", views.glossary_list, name="governance-glossary"),
    path("new/", views.term_new, name="governance-glossary-new"),
    path("<int:pk>/", views.term_page, name="governance-glossary-term"),
    path("<int:pk>/edit/", views.term_edit, name="governance-glossary-edit"),
    path("<int:pk>/delete/", views.term_delete, name="governance-glossary-delete"),
    path("<int:pk>/links/", views.term_links, name="governance-glossary-links"),
]
