from django.urls import path

from usage import views

urlpatterns = [
    path("queries/", views.query_list, name="usage-queries"),
    path("queries/<int:pk>/", views.query_detail, name="usage-query"),
    path("upload/", views.upload, name="usage-upload"),
    path("users/<str:name>/", views.user_page, name="usage-user"),
    path("saved/", views.saved_list, name="usage-saved-list"),
    path("saved/new/", views.saved_create, name="usage-saved-new"),
    path("saved/<int:pk>/", views.saved_detail, name="usage-saved"),
    path("saved/<int:pk>/edit/", views.saved_edit, name="usage-saved-edit"),
    path("saved/<int:pk>/delete/", views.saved_delete, name="usage-saved-delete"),
]
