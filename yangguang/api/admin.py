from django.contrib import admin, messages

from .actions import token_issue
from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "expires_at", "revoked_at", "last_used_at")
    fields = ("user", "name", "expires_at", "revoked_at")
    readonly_fields = ()

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        token, raw = token_issue(actor=request.user, user=obj.user, name=obj.name, days=365)
        if obj.expires_at:
            token.expires_at = obj.expires_at
            token.save(update_fields=["expires_at"])
        obj.pk = token.pk
        messages.warning(request, f"API token (shown once / 只显示一次): {raw}")
