"""Schedules and durations as people say them."""

from datetime import timedelta

import pytest

from catalog.schedules import describe_cron, describe_duration


@pytest.mark.parametrize(
    ("cron", "said"),
    [
        ("0 3 * * *", "daily at 03:00 UTC"),
        ("15 * * * *", "hourly at :15"),
        ("*/15 * * * *", "every 15 minutes"),
        ("0 */6 * * *", "every 6 hours at :00"),
        ("30 6 * * 1", "every Monday at 06:30 UTC"),
        ("0 7 * * 1-5", "weekdays at 07:00 UTC"),
        ("0 2 1 * *", "monthly on day 1 at 02:00 UTC"),
        ("", "manual"),
        (None, "manual"),
        ("5 4 * 2 *", "cron 5 4 * 2 *"),
        ("nonsense", "cron nonsense"),
    ],
)
def test_a_cron_expression_in_words(cron, said):
    assert describe_cron(cron) == said


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(0.569633, "0.6 s"), (12.4, "12 s"), (184, "3 min 4 s"), (120, "2 min"), (3720, "1 h 2 min")],
)
def test_a_duration_in_words(seconds, said):
    assert describe_duration(timedelta(seconds=seconds)) == said
    assert describe_duration(None) == "—"
