from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", _("省级管理员")  # whole province, configures rules
    PREFECTURE_OFFICER = "prefecture_officer", _("市级工作人员")  # one prefecture
    COUNTY_OFFICER = "county_officer", _("县级工作人员")  # one county
    INSTRUCTOR = "instructor", _("指导员")  # one local office's guidance station
    STATION_HOST = "station_host", _("驿站管理员")  # one warm station
    AUDITOR = "auditor", _("审计员")  # reads the audit log only
    # Separation of duties (等保三级 "三员"): accounts, grants and the audit log in three hands.
    SYSTEM_ADMIN = "system_admin", _("系统管理员")  # creates and manages accounts, grants nothing
    SECURITY_ADMIN = "security_admin", _("安全管理员")  # grants roles, creates no account
    PENDING = "pending", _("待授权")  # a staff account created, no role granted yet
    JUROR = "juror", _("评审专家")  # scores only the nominations assigned to them (honours)
    RIDER = "rider", _("骑手")  # a rider, logs in with a phone number


STAFF_ROLES = {
    Role.PROVINCE_ADMIN,
    Role.PREFECTURE_OFFICER,
    Role.COUNTY_OFFICER,
    Role.INSTRUCTOR,
    Role.STATION_HOST,
    Role.AUDITOR,
    Role.JUROR,
    Role.SYSTEM_ADMIN,
    Role.SECURITY_ADMIN,
    Role.PENDING,
}

# The three duties kept apart: only a superuser (set up at installation, break-glass) grants
# them, so none of them can widen itself or another duty.
DUTY_ROLES = {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR}
# What a grant may hand out (a pending account is one that has received nothing yet).
GRANTABLE_ROLES = STAFF_ROLES - {Role.PENDING}

# Roles that act for a whole region: they see everything region-owned under their scope. A
# station host is not one (DESIGN §4 rule 8): they see only what happens at their stations.
REGIONAL_ROLES = {
    Role.PROVINCE_ADMIN,
    Role.PREFECTURE_OFFICER,
    Role.COUNTY_OFFICER,
    Role.INSTRUCTOR,
}

# Which scope level each role's region must have.
ROLE_LEVEL = {
    Role.PROVINCE_ADMIN: "province",
    Role.PREFECTURE_OFFICER: "prefecture",
    Role.COUNTY_OFFICER: "county",
    Role.INSTRUCTOR: "county",
    Role.STATION_HOST: "county",
}

# What each regional role may do, highest first: an account may be given a role only by someone
# whose own role ranks at least as high (DESIGN §4.8: nobody widens beyond their own). The
# auditor reads the whole country's audit log, so only a superuser grants it.
ROLE_RANK = {
    Role.PROVINCE_ADMIN: 5,
    Role.PREFECTURE_OFFICER: 4,
    Role.COUNTY_OFFICER: 3,
    Role.INSTRUCTOR: 2,
    Role.STATION_HOST: 1,
    Role.RIDER: 0,
}
