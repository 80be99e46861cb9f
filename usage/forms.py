from django import forms

from catalog.models import DataSource

MAX_UPLOAD_BYTES = 512 * 1024 * 1024  # bigger logs: manage.py ingest_queries streams any size


class LogUploadForm(forms.Form):
    source = forms.ModelChoiceField(queryset=DataSource.objects.none(), to_field_name="slug")
    log = forms.FileField(
        help_text="JSON Lines (.jsonl) or CSV with sql, user, start_time, duration_ms, default_schema."
    )
    format = forms.ChoiceField(
        choices=[("", "From the file's extension"), ("jsonl", "JSON Lines"), ("csv", "CSV")], required=False
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = DataSource.objects.visible_to(user).order_by("name")

    def clean_log(self):
        log = self.cleaned_data["log"]
        if log.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The log is over {MAX_UPLOAD_BYTES // 1024**2} MB: use manage.py ingest_queries for it."
            )
        return log


class SavedQueryForm(forms.Form):
    """What a person writes; bounds and rules are the service's (usage/services/saved.py)."""

    source = forms.ModelChoiceField(queryset=DataSource.objects.none(), to_field_name="slug")
    title = forms.CharField(max_length=200)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), required=False, strip=False,
        help_text="Markdown: what the query answers, and how to read its result.",
    )  # fmt: skip
    sql = forms.CharField(
        label="SQL", widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}), strip=False
    )
    default_schema = forms.CharField(
        label="Search path", required=False, max_length=255,
        help_text="Schemas that resolve unqualified table names, e.g. sales, public.",
    )  # fmt: skip

    def __init__(self, user, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = DataSource.objects.visible_to(user).order_by("name")
        if editing:
            self.fields["source"].disabled = True
