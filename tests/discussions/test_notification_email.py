"""CATALOG_NOTIFY_EMAIL: off by default; on, each new notification is also sent by Django's
email backend (locmem in tests) to its person when they have an address."""

import pytest
from django.core import mail

from catalog.services.annotations import asset_annotate
from discussions.services.posts import conversation_start, post_reply
from tests.factories import TableFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def table(db):
    return TableFactory(name="summ_top_drg", schema__name="ipps")


def test_no_email_by_default(settings, viewer, contributor, table, tasks_in_process):
    assert settings.CATALOG_NOTIFY_EMAIL is False
    viewer.email = "vera@example.com"
    viewer.save()
    asset_annotate(asset=table, user=contributor, description="@vera.viewer look")
    assert mail.outbox == []


def test_each_new_notification_is_emailed_to_people_with_an_address(
    settings, viewer, contributor, table, tasks_in_process
):
    settings.CATALOG_NOTIFY_EMAIL = True
    viewer.email = "vera@example.com"
    viewer.save()
    silent = UserFactory(username="no.address", email="")
    conversation = conversation_start(
        user=contributor,
        asset_kind="table",
        asset_id=table.pk,
        title="Which year?",
        body="@vera.viewer and @no.address: is 2014 archived?",
    )
    assert [m.to for m in mail.outbox] == [["vera@example.com"]]
    message = mail.outbox[0]
    assert "carl.contributor mentioned you" in message.subject and "Which year?" in message.subject
    assert "is 2014 archived?" in message.body and "/discussions/inbox/" in message.body
    assert silent.email == ""

    mail.outbox.clear()
    contributor.email = ""
    contributor.save()
    post_reply(user=viewer, conversation=conversation, body="Yes, in the archive schema.")
    # The starter follows the conversation and hears of the reply, but has no address.
    assert mail.outbox == []
    contributor.email = "carl@example.com"
    contributor.save()
    post_reply(user=viewer, conversation=conversation, body="And 2015 too.")
    assert [m.to for m in mail.outbox] == [["carl@example.com"]]
    assert "replied in a conversation you follow" in mail.outbox[0].subject


def test_description_mentions_are_emailed(settings, viewer, contributor, table, tasks_in_process):
    settings.CATALOG_NOTIFY_EMAIL = True
    viewer.email = "vera@example.com"
    viewer.save()
    asset_annotate(asset=table, user=contributor, description="@vera.viewer owns this")
    assert len(mail.outbox) == 1
    assert "the table ipps.summ_top_drg" in mail.outbox[0].subject
