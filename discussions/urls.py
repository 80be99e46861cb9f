from django.urls import path

from discussions import article_views, views

urlpatterns = [
    path("conversations/<int:pk>/", views.conversation_page, name="discussions-conversation"),
    path("conversations/<int:pk>/reply/", views.reply, name="discussions-reply"),
    path("start/<str:kind>/<int:asset_id>/", views.conversation_start, name="discussions-start"),
    path("posts/<int:pk>/edit/", views.edit, name="discussions-edit"),
    path("posts/<int:pk>/delete/", views.delete, name="discussions-delete"),
    path("posts/<int:pk>/like/", views.like, name="discussions-like"),
    path("posts/<int:pk>/answer/", views.answer, name="discussions-answer"),
    path("people/<str:username>/", views.person, name="discussions-person"),
    path("inbox/", views.inbox, name="discussions-inbox"),
    path("inbox/read/", views.inbox_read, name="discussions-inbox-read"),
    path("inbox/<int:pk>/read/", views.inbox_read_one, name="discussions-inbox-read-one"),
    path("follow/<str:kind>/<int:pk>/", views.follow, name="discussions-follow"),
    path("go/<str:kind>/<int:asset_id>/", views.asset_redirect, name="discussions-asset"),
    path("articles/", article_views.article_list, name="discussions-articles"),
    path("articles/new/", article_views.article_new, name="discussions-article-new"),
    path("articles/<int:pk>/", article_views.article_page, name="discussions-article"),
    path("articles/<int:pk>/edit/", article_views.article_edit, name="discussions-article-edit"),
    path("articles/<int:pk>/delete/", article_views.article_delete, name="discussions-article-delete"),
    path("articles/<int:pk>/history/", article_views.article_history, name="discussions-article-history"),
]
