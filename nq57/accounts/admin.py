from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import ApiToken, Membership, User


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    raw_id_fields = ["organization"]
    extra = 0


@admin.register(User)
class NQ57UserAdmin(UserAdmin[User]):
    inlines = [MembershipInline]
    list_display = ["username", "full_name", "email", "is_active"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["name", "user", "prefix", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "digest", "last_used_at"]
