"""One masking of values for every channel that shows them: samples, profiles, API, exports.

Which columns a user may not see comes from the masking policies apps register
(catalog.extensions.register_masking; governance masks PII for roles without the right to see it).
With no policy registered nothing is masked.
"""

from catalog.extensions import masking_policies

MASK = "••••••"


def masking_active() -> bool:
    return bool(masking_policies())


def masked_column_ids(user, column_ids) -> set[int]:
    """Ids among `column_ids` whose values `user` sees masked (one query per policy)."""
    column_ids = [pk for pk in column_ids if pk is not None]
    if not column_ids:
        return set()
    masked: set[int] = set()
    for policy in masking_policies():
        masked |= set(policy(user, column_ids))
    return masked


def mask_value(value):
    return None if value is None else MASK


def mask_rows(rows: list[list], positions: set[int]) -> list[list]:
    """Sample rows with the values at `positions` masked (NULL stays NULL: it says nothing)."""
    if not positions:
        return rows
    return [[mask_value(v) if i in positions else v for i, v in enumerate(row)] for row in rows]


def mask_profile(profile) -> None:
    """Hide a column profile's values in place (its min, max and most common values); counts and
    fractions stay, they describe the column without revealing a value."""
    profile.min_value = mask_value(profile.min_value)
    profile.max_value = mask_value(profile.max_value)
    profile.most_common = [[MASK, frequency] for _, frequency in profile.most_common or []]
    profile.masked = True


def mask_column_profiles(user, columns) -> None:
    """Mask, in place, the profiles of those of `columns` (with profile loaded) `user` may not see."""
    columns = list(columns)
    if not masking_active():
        return
    hidden = masked_column_ids(user, [column.pk for column in columns])
    for column in columns:
        if column.pk in hidden:
            column.masked = True
            profile = getattr(column, "profile", None) if _has_profile(column) else None
            if profile is not None:
                mask_profile(profile)


def _has_profile(column) -> bool:
    try:
        column.profile  # noqa: B018 - a reverse one-to-one raises when there is none
    except column.__class__.profile.RelatedObjectDoesNotExist:
        return False
    return True
