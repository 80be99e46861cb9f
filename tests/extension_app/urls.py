from django.urls import path

from tests.extension_app import views

urlpatterns = [path("", views.notes_list, name="extension-notes")]
