from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0013_search_documents_fewer_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="table",
            name="structure_digest",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
    ]
