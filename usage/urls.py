from django.urls import path

from usage import views

urlpatterns = [
    path("queries/", views.query_list, name="usage-queries"),
    path("queries/<int:pk>/", views.query_detail, name="usage-query"),
    path("upload/", views.upload, name="usage-upload"),
    path("users/<str:name>/", views.user_page, name="usage-user"),
]
