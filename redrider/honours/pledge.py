"""The “红骑手 跟党走” initiative letter (倡议书) riders sign on the phone.

The text is translatable (zh-hans source, en and bo in the catalogues); `LETTER_VERSION` is stored
with each signature so a later wording never rewrites what someone signed.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .choices import RiderRole

LETTER_VERSION = "2023-1"

TITLE = _("“红骑手 跟党走”活动倡议书")
GREETING = _("全省外卖配送员朋友们：")
OPENING = _(
    "你们穿行在大街小巷，把温暖送到千家万户。四川省市场监管局向全省外卖配送员发出倡议，争当“四员”："
)
# One paragraph per role, in the order of RiderRole.
ROLE_TEXT = {
    RiderRole.GUIDE: _(
        "争当文明行为的“引导员”：遵守交通规则，文明礼貌服务，做文明出行、文明配送的表率。"
    ),
    RiderRole.PUBLICIST: _(
        "争当城市形象的“宣传员”：讲好红骑手故事，传播城市正能量，展示新就业群体的良好风貌。"
    ),
    RiderRole.SUPERVISOR: _(
        "争当食品安全的“监督员”：留心餐食封签与配送卫生，发现食品安全隐患及时反映。"
    ),
    RiderRole.INFORMANT: _(
        "争当违法线索的“信息员”：发现无证经营、“幽灵外卖”等违法行为及时提供线索，"
        "举报人信息严格保密。"
    ),
}
CLOSING = _("红骑手 跟党走，让我们在奔跑中书写新时代的奋斗篇章！")
