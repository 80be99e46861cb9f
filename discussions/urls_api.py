from django.urls import path

from discussions import api, article_api

urlpatterns = [
    path(
        "discussions/conversations/", api.ConversationListView.as_view(), name="api-discussions-conversations"
    ),
    path(
        "discussions/conversations/<int:pk>/",
        api.ConversationView.as_view(),
        name="api-discussions-conversation",
    ),
    path(
        "discussions/conversations/<int:pk>/replies/", api.ReplyView.as_view(), name="api-discussions-reply"
    ),
    path("discussions/posts/<int:pk>/", api.PostView.as_view(), name="api-discussions-post"),
    path("discussions/posts/<int:pk>/like/", api.LikeView.as_view(), name="api-discussions-like"),
    path("discussions/posts/<int:pk>/answer/", api.AnswerView.as_view(), name="api-discussions-answer"),
    path("discussions/inbox/", api.InboxView.as_view(), name="api-discussions-inbox"),
]

urlpatterns += [
    path("discussions/articles/", article_api.ArticleListView.as_view(), name="api-discussions-articles"),
    path("discussions/articles/<int:pk>/", article_api.ArticleView.as_view(), name="api-discussions-article"),
    path(
        "discussions/articles/<int:pk>/revisions/",
        article_api.ArticleRevisionsView.as_view(),
        name="api-discussions-article-revisions",
    ),
]

urlpatterns += [
    path("discussions/follows/", api.FollowListView.as_view(), name="api-discussions-follows"),
    path("discussions/follows/<str:kind>/<int:pk>/", api.FollowView.as_view(), name="api-discussions-follow"),
]

urlpatterns += [
    path(
        "discussions/cards/<str:kind>/<int:pk>/", api.MentionCardView.as_view(), name="api-discussions-card"
    ),
    path("discussions/people/", api.PeopleView.as_view(), name="api-discussions-people"),
]
