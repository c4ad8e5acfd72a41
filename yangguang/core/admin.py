from django.contrib import admin

from .models import Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    """The public search's synonym list (everyday word → official term), kept by administrators."""

    list_display = ["word", "term", "updated_at"]
    search_fields = ["word", "term"]
