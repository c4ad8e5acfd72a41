"""The public item guide's stored pages (issue 15). Existing items get theirs on first visit, or all
at once with `yangguang services pages`."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0009_forget_public_case_rows"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublicItemPage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("language", models.CharField(max_length=10)),
                ("html", models.TextField()),
                ("build", models.CharField(max_length=16)),
                ("item_updated", models.DateTimeField()),
                ("unit_updated", models.DateTimeField()),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="public_pages",
                        to="services.serviceitem",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("item", "language"), name="services_itempage_unique")
                ],
            },
        ),
    ]
