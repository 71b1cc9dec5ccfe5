"""Honours writes. Each service is keyword-only, atomic, asks the policy, raises DomainError and
writes its own audit row."""

from .campaigns import campaign_create, campaign_notice_open, campaign_publish, title_grant
from .jury import juror_appoint, juror_assign, juror_declare, score_submit
from .nominations import (
    nomination_by_rider,
    nomination_create,
    nomination_photo_add,
    nomination_photos_add,
)
from .objections import objection_decide, objection_record
from .publicity import (
    asset_add,
    leaflet_generate,
    placement_add,
    story_create,
    story_photo_set,
    story_publish,
)
from .roles import pledge_sign, role_drop, role_take
from .sites import site_assess, site_photo_add, site_propose

__all__ = [
    "asset_add",
    "campaign_create",
    "campaign_notice_open",
    "campaign_publish",
    "juror_appoint",
    "juror_assign",
    "juror_declare",
    "leaflet_generate",
    "nomination_by_rider",
    "nomination_create",
    "nomination_photo_add",
    "nomination_photos_add",
    "objection_decide",
    "objection_record",
    "placement_add",
    "pledge_sign",
    "role_drop",
    "role_take",
    "score_submit",
    "site_assess",
    "site_photo_add",
    "site_propose",
    "story_create",
    "story_photo_set",
    "story_publish",
    "title_grant",
]
