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
