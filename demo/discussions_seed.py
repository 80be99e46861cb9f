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


ARTICLE_BODY = """\
Medicare pays hospitals a fixed amount per discharge for each MS-DRG. This note shows how to
compare what hospitals charge and what Medicare pays for one DRG, using [[ipps.summ_top_drg]]
and the code list in [[ipps.lu_drg]].

## 1. Pick the DRG

Look the code up in [[ipps.lu_drg]]: `drg_definition` holds the code and its words, `type`
says whether it is medical (MED) or surgical (SURG). Hip and knee replacements are **470**
(without major complications) and **469** (with them).

## 2. Weight averages by discharges

[[ipps.summ_top_drg.average_total_payments]] is an average *per hospital*. Averaging the
averages gives a small hospital the weight of a large one, so weight by `total_discharges`:

```sql
SELECT s.year,
       SUM(s.total_discharges) AS discharges,
       SUM(s.average_total_payments * s.total_discharges) / SUM(s.total_discharges) AS avg_payment,
       SUM(s.average_covered_charges * s.total_discharges) / SUM(s.total_discharges) AS avg_charge
FROM ipps.summ_top_drg s
WHERE s.drg = 470
GROUP BY s.year
ORDER BY s.year;
```

## 3. Compare charges with payments

The charge-to-payment ratio (`avg_charge / avg_payment`) is often above 3: charges are list
prices, payments are what Medicare and the patient actually paid. Compare payments between
hospitals, not charges.

## Caveats

- The table only lists the top DRGs, and only from 2015 (see the conversation
  *I want 2014 data, is that archived?*).
- Readmissions are not in IPPS: a readmission rate needs claim-level data. Ask @steward
  before joining other sources.
"""


def seed_article(source: DataSource) -> str:
    from discussions.models import Article
    from discussions.services.articles import article_create, article_update
    from discussions.services.follows import follow_set

    tables = {
        t.name: t
        for t in Table.objects.filter(source=source, schema__name="ipps", name__in=["summ_top_drg", "lu_drg"])
    }
    if len(tables) < 2:
        return "the ipps tables are missing"
    summ = tables["summ_top_drg"]
    if Article.objects.filter(assets__asset_kind="table", assets__asset_id=summ.pk).exists():
        return "already there"
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["viewer", "contributor", "steward"])
    }
    draft = ARTICLE_BODY.replace("## 3. Compare charges with payments", "## 3. Charges").replace(
        "Compare payments between\nhospitals, not charges.", "Compare payments."
    )
    article = article_create(
        user=users["contributor"],
        title="How to compare hospital payments for a DRG with ipps",
        body=draft,
        tags="ipps, payments, how-to",
        assets=[("table", tables["summ_top_drg"].pk), ("table", tables["lu_drg"].pk)],
    )
    # The viewer follows the table and the article, so the steward's edit reaches their inbox.
    follow_set(user=users["viewer"], kind="table", target_id=summ.pk, on=True)
    follow_set(user=users["viewer"], kind="article", target_id=article.pk, on=True)
    article_update(user=users["steward"], article=article, body=ARTICLE_BODY)  # a second version to compare
    return "1 article on ipps.summ_top_drg and ipps.lu_drg, in 2 versions, followed by viewer"
