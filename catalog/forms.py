from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.functional import lazy

from catalog.engines import example_urls
from catalog.logins import client_address, lock_message, locked_for


def _patterns(value: str) -> list[str]:
    return [item.strip() for item in value.replace("\n", ",").split(",") if item.strip()]


class PatternsField(forms.CharField):
    """Glob patterns typed comma- or line-separated, stored as a list."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return _patterns(super().to_python(value) or "")


class SourceForm(forms.Form):
    name = forms.CharField(max_length=200)
    url = forms.CharField(
        label="Connection URL",
        max_length=1000,
        help_text=lazy(lambda: " · ".join(example_urls()), str)(),  # one per registered engine
    )
    password = forms.CharField(
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Stored encrypted, never shown again. Leave blank to keep the stored password.",
    )
    # data-markdown: a Markdown field, which scripts apps add may enhance (mention autocomplete).
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3, "data-markdown": ""})
    )
    include_schemas = PatternsField(required=False, help_text="Glob patterns, comma-separated; empty: all.")
    exclude_schemas = PatternsField(required=False)
    include_tables = PatternsField(required=False, help_text="table or schema.table patterns; empty: all.")
    exclude_tables = PatternsField(required=False)
    sample_enabled = forms.BooleanField(required=False, initial=True, label="Take sample rows")
    sample_rows = forms.IntegerField(min_value=1, max_value=10_000, initial=100, label="Rows per table")
    crawl_schedule = forms.CharField(
        required=False, max_length=100, help_text='Cron: minute hour day month weekday, e.g. "0 3 * * *".'
    )

    @classmethod
    def for_source(cls, source, data=None):
        initial = {name: getattr(source, name) for name in cls.base_fields if name != "password"}
        return cls(data, initial=initial)


class DescriptionForm(forms.Form):
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 6, "data-markdown": ""}), help_text="Markdown."
    )


class AnnotationForm(forms.Form):
    title = forms.CharField(max_length=300, required=False)
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 6, "data-markdown": ""}), help_text="Markdown."
    )


class ThrottledLoginMixin:
    """Says so when the account or the address is locked after too many failures (catalog.logins),
    instead of "did not match", which would send people to try again."""

    locked = False

    def clean(self):
        username, address = self.data.get("username"), client_address(self.request)
        if seconds := locked_for(username, address):
            self.locked = True
            raise forms.ValidationError(lock_message(seconds), code="locked")
        try:
            return super().clean()
        except forms.ValidationError:
            if seconds := locked_for(username, address):  # this failure was the last one allowed
                self.locked = True
                raise forms.ValidationError(lock_message(seconds), code="locked") from None
            raise


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass
