"""The demo's conversations: a newcomer sees people asking and answering about the data."""

from django.contrib.auth import get_user_model

from catalog.models import DataSource, Table


def seed_conversations(source: DataSource) -> str:
    from discussions.models import Conversation
    from discussions.services.posts import (
        answer_mark,
        conversation_start,
        like_toggle,
        post_delete,
        post_reply,
    )

    summ = Table.objects.filter(source=source, schema__name="ipps", name="summ_top_drg").first()
    if summ is None or Conversation.objects.filter(asset_kind="table", asset_id=summ.pk).exists():
        return "already there"
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["viewer", "contributor", "steward", "admin"])
    }
    viewer, contributor, steward = users["viewer"], users["contributor"], users["steward"]
    hip = conversation_start(
        user=viewer,
        asset_kind="table",
        asset_id=summ.pk,
        title="Hip issue analysis?",
        body="Which DRGs should I use for hip replacements? @steward do you know?",
    )
    answer = post_reply(
        user=steward,
        conversation=hip,
        parent=hip.posts.first(),
        body="DRG **470** (major joint replacement without MCC); the codes are in [[ipps.lu_drg]].",
    )
    post_reply(
        user=contributor, conversation=hip, parent=answer, body="And 469 for the cases with complications."
    )
    like_toggle(user=viewer, post=answer)
    like_toggle(user=contributor, post=answer)
    answer_mark(user=viewer, conversation=hip, post=answer)
    archive = conversation_start(
        user=contributor,
        asset_kind="table",
        asset_id=summ.pk,
        title="I want 2014 data, is that archived?",
        body="This table starts in 2015. Is 2014 somewhere?",
    )
    wrong = post_reply(user=viewer, conversation=archive, body="Try scratch.summ_2014 (wrong, sorry)")
    post_delete(user=viewer, post=wrong)
    post_reply(
        user=steward, conversation=archive, body="Not loaded yet: @contributor, I will ask the ETL team."
    )
    return "2 conversations on ipps.summ_top_drg"
