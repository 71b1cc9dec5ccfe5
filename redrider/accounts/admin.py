"""Accounts in the admin: scoped to the user's region, and never a door to more rights.

Role, region, the personal-data permissions, staff and superuser status are read-only on the
account form: they change only through `services.user_grant` (the "角色与权限" page here) and new
staff accounts only through `services.staff_create`, which check the actor may grant them and
audit it. Django's own groups and model permissions are for superusers to edit. An account that
holds more than the user (a higher role, a wider region, a permission the user lacks, a
superuser) can be looked at but not changed, and its password cannot be reset.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from redrider.core.admin import AuditedAdminMixin, ScopedObjectMixin, scoped
from redrider.core.errors import DomainError

from .choices import GRANTABLE_ROLES, STAFF_ROLES, Role
from .models import User
from .policy import can, is_security_admin, is_system_admin
from .services import account_create, staff_create, user_grant

GRANTED = ("role", "scope_code", "can_view_pii", "can_view_political_status", "is_staff")
STAFF_CHOICES = [(str(r), r.label) for r in Role if r in GRANTABLE_ROLES]


def keeps_accounts(user) -> bool:
    """The system or security admin: their work is the accounts, of every region, through the
    policy (`accounts.create`/`manage`/`grant`) rather than Django's model permissions."""
    return not user.is_superuser and bool(is_system_admin(user) or is_security_admin(user))


class GrantForm(forms.Form):
    """What `user_grant` takes; the service decides whether the actor may give it."""

    role = forms.ChoiceField(label=_("角色"), choices=STAFF_CHOICES)
    scope_code = forms.CharField(
        label=_("管辖区划"),
        max_length=6,
        required=False,
        help_text=_("6 位行政区划代码，须在您的管辖范围内；审计员留空"),
    )
    can_view_pii = forms.BooleanField(label=_("可查看完整身份证号和手机号"), required=False)
    can_view_political_status = forms.BooleanField(label=_("可查看政治面貌"), required=False)


class AccountCreateForm(forms.Form):
    """The system admin's new account: a name and a password; a security admin grants the rest."""

    username = forms.CharField(label=_("用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=64, required=False)
    password1 = forms.CharField(label=_("密码"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("确认密码"), widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password1") != data.get("password2"):
            raise ValidationError(_("两次输入的密码不一致"))
        return data


class StaffCreateForm(GrantForm):
    username = forms.CharField(label=_("用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=64, required=False)
    password1 = forms.CharField(label=_("密码"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("确认密码"), widget=forms.PasswordInput)

    field_order = ["username", "display_name", "password1", "password2"]

    def clean(self):
        data = super().clean()
        if data.get("password1") != data.get("password2"):
            raise ValidationError(_("两次输入的密码不一致"))
        if data.get("password1"):
            validate_password(data["password1"])
        return data


@admin.register(User)
class UserAdmin(AuditedAdminMixin, ScopedObjectMixin, BaseUserAdmin):
    list_display = ("username", "display_name", "role", "scope_code", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("username", "display_name")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("姓名"), {"fields": ("display_name", "first_name", "last_name", "email")}),
        (_("角色与权限"), {"fields": (*GRANTED, "is_superuser", "grant_link")}),
        (_("状态"), {"fields": ("is_active", "groups", "user_permissions")}),
        (None, {"fields": ("last_login", "date_joined")}),
    )

    def get_readonly_fields(self, request, obj=None):
        fixed = [*GRANTED, "is_superuser", "grant_link", "last_login", "date_joined"]
        if not request.user.is_superuser:
            fixed += ["groups", "user_permissions"]
        return fixed

    @admin.display(description=_("修改角色与权限"))
    def grant_link(self, obj):
        if obj is None or obj.pk is None:
            return ""
        url = reverse("admin:accounts_user_grant", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("修改角色与权限"))

    def get_queryset(self, request):
        # Staff of the user's region; riders (no region) and superusers are not managed here.
        # The system and security admins keep the staff accounts of every region.
        if keeps_accounts(request.user):
            base = super().get_queryset(request).filter(role__in=STAFF_ROLES)
            return base.filter(is_superuser=False)
        qs = scoped(super().get_queryset(request), request.user, "scope_code")
        return qs if request.user.is_superuser else qs.filter(is_superuser=False)

    def has_module_permission(self, request):
        return keeps_accounts(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return keeps_accounts(request.user) or super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        if keeps_accounts(request.user):
            return can(request.user, "accounts.create")
        return super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        if keeps_accounts(request.user):
            return obj is None or can(request.user, "accounts.manage", obj)
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can(request.user, "accounts.manage", obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None:
            return allowed
        return allowed and obj.pk != request.user.pk and can(request.user, "accounts.manage", obj)

    def get_urls(self):
        grant = self.admin_site.admin_view(self.grant_view)
        return [path("<path:object_id>/grant/", grant, name="accounts_user_grant")] + [
            *super().get_urls()
        ]

    def _page(self, request, form, title, obj=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "form": form,
            "title": title,
            "original": obj,
        }
        return TemplateResponse(request, "admin/accounts/user/staff_form.html", context)

    def grant_view(self, request, object_id):
        """Role, region and permissions of one account, changed through `user_grant`."""
        user = self.get_object(request, object_id)
        if not self.has_view_permission(request, user):
            raise PermissionDenied
        initial = {name: getattr(user, name) for name in GRANTED if name != "is_staff"}
        form = GrantForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                user_grant(actor=request.user, user=user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.detail)
            else:
                messages.success(request, _("角色与权限已更新"))
                return redirect("admin:accounts_user_change", user.pk)
        return self._page(request, form, _("修改角色与权限"), obj=user)

    def add_view(self, request, form_url="", extra_context=None):
        """A new staff account, created through `staff_create` (same limits as a grant), or by
        the system admin through `account_create` (no role until a security admin grants one)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if not can(request.user, "accounts.grant"):
            return self._account_add(request)
        form = StaffCreateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            password = data.pop("password1")
            data.pop("password2")
            try:
                user = staff_create(actor=request.user, password=password, **data)
            except DomainError as exc:
                form.add_error(None, exc.detail)
            else:
                messages.success(request, _("账号已创建"))
                return redirect("admin:accounts_user_change", user.pk)
        return self._page(request, form, _("新建工作人员账号"))

    def _account_add(self, request):
        form = AccountCreateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                user = account_create(
                    actor=request.user,
                    username=data["username"],
                    password=data["password1"],
                    display_name=data["display_name"],
                )
            except DomainError as exc:
                form.add_error(None, exc.detail)
            else:
                messages.success(request, _("账号已创建，待安全管理员授权"))
                return redirect("admin:accounts_user_change", user.pk)
        return self._page(request, form, _("新建工作人员账号"))
