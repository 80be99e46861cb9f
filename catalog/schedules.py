"""Crawl schedules and durations said the way people say them ("daily at 03:00 UTC", "0.6 s")."""

from datetime import timedelta

DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def describe_cron(expression: str | None) -> str:
    """A five-field cron expression in words; anything unusual is shown as the expression itself."""
    if not expression or not expression.strip():
        return "manual"
    fields = expression.split()
    if len(fields) != 5:
        return f"cron {expression}"
    minute, hour, day, month, weekday = fields
    if month != "*" or (day != "*" and weekday != "*"):
        return f"cron {expression}"
    if minute.startswith("*/") and minute[2:].isdigit() and hour == day == weekday == "*":
        return f"every {int(minute[2:])} minutes"
    if not minute.isdigit():
        return f"cron {expression}"
    if hour == "*" and day == weekday == "*":
        return f"hourly at :{int(minute):02d}"
    if hour.startswith("*/") and hour[2:].isdigit() and day == weekday == "*":
        return f"every {int(hour[2:])} hours at :{int(minute):02d}"
    if not hour.isdigit():
        return f"cron {expression}"
    at = f"{int(hour):02d}:{int(minute):02d} UTC"
    if day == weekday == "*":
        return f"daily at {at}"
    if weekday.isdigit() and int(weekday) <= 7:
        return f"every {DAYS[int(weekday) % 7]} at {at}"
    if weekday in ("1-5", "MON-FRI", "mon-fri"):
        return f"weekdays at {at}"
    if day.isdigit():
        return f"monthly on day {int(day)} at {at}"
    return f"cron {expression}"


def describe_duration(value: timedelta | None) -> str:
    if value is None:
        return "—"
    seconds = value.total_seconds()
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes, seconds = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {seconds} s" if seconds else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"
