"""Demo meetings: the 8 party-group meetings of 2023, the video conference, area meetings."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.base import ContentFile
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from redrider.regions import tree

from ..choices import (
    MeetingKind,
)
from ..models import (
    Measure,
    Meeting,
    MeetingDecision,
)
from . import data
from .builder import Builder, status_of


def pdf(title: str, lines: list[str]) -> bytes:
    """A one-page Chinese PDF (reportlab's built-in STSong-Light, no font file needed)."""
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4, invariant=True)
    page.setFont("STSong-Light", 16)
    page.drawCentredString(A4[0] / 2, A4[1] - 90, title)
    page.setFont("STSong-Light", 11)
    for i, line in enumerate(lines):
        page.drawString(72, A4[1] - 140 - i * 22, line)
    page.save()
    return out.getvalue()


def meetings(ctx, b: Builder, measures: list[Measure], prefectures: list[str], today) -> int:
    """The 8 party-group meetings of 2023, the video conference and the area meetings. The area
    meetings' decisions created tasks (measure 11) for their prefectures."""
    province = ctx.accounts.get("demo-province")
    made = 0
    for i, (day, topic) in enumerate(data.PARTY_GROUP_2023, 1):
        meeting = Meeting.objects.create(
            region_code="510000",
            kind=MeetingKind.PARTY_GROUP,
            held_on=day,
            title=f"省局党组会（2023年第{i}次）：{topic}",
            place="省局机关会议室",
            attendee_orgs=["省局党组成员", "省局机关党委", "省局个体私营经济监督管理处"],
            summary=topic,
            created_by=province,
        )
        if province:
            meeting.attendees.set([province])
        meeting.minutes.save(
            "minutes.pdf",
            ContentFile(
                pdf(
                    meeting.title,
                    [f"时间：{day:%Y年%m月%d日}", f"议题：{topic}", *data.PARTY_GROUP_DECISIONS],
                )
            ),
            save=False,
        )
        meeting.minutes_name = f"党组会纪要（2023年第{i}次）.pdf"
        meeting.save(update_fields=["minutes", "minutes_name"])
        MeetingDecision.objects.bulk_create(
            [
                MeetingDecision(meeting=meeting, number=n, text=t)
                for n, t in enumerate([topic, *data.PARTY_GROUP_DECISIONS], 1)
            ]
        )
        made += 1
    video = Meeting.objects.create(
        region_code="510000",
        kind=MeetingKind.VIDEO_CONFERENCE,
        held_on=b.plan.starts_on + dt.timedelta(days=20),
        title="全省外卖配送员群体党建工作视频会",
        place="省局视频会议室（主会场）",
        attendee_orgs=[f"{tree.name_of(p)}市场监督管理局" for p in prefectures],
        summary="部署实施方案 11 项举措，要求挂图作战、压茬推进。",
        created_by=province,
    )
    first = MeetingDecision.objects.create(
        meeting=video, number=1, text="各市（州）对照 11 项举措细化任务清单，完成外卖配送员底数摸排"
    )
    MeetingDecision.objects.create(meeting=video, number=2, text="每月 25 日前在工作台填报任务进度")
    for t in b.tasks:
        if t.measure.number == 3 and t.region_code != "510000":
            t.decision = first
    made += 1
    station_measure = measures[10]
    for n, (name, host, members) in enumerate(data.AREAS):
        area = [p for p in members if p in prefectures]
        if not area:
            continue
        held = today - dt.timedelta(days=[75, 50, 30, 12][n])
        meeting = Meeting.objects.create(
            region_code="510000",
            kind=MeetingKind.AREA_PROMOTION,
            held_on=held,
            title=f"{name}外卖配送员群体党建工作推进会",
            place=f"{tree.name_of(host)}市场监督管理局",
            attendee_orgs=[f"{tree.name_of(p)}市场监督管理局" for p in area],
            summary="交流经验，查找差距，推进暖心驿站标准化建设。",
            created_by=province,
        )
        decision = MeetingDecision.objects.create(
            meeting=meeting, number=1, text=f"{name}各市（州）开展暖心驿站标准化建设“回头看”"
        )
        for code in area:
            t = b.add(
                state=b.random_state(),
                measure=station_measure,
                region_code=code,
                title=f"{tree.name_of(code)}暖心驿站标准化建设“回头看”",
                owner_org=f"{tree.name_of(code)}市场监督管理局",
                owner=b.account_for(code),
                decision=decision,
                due_date=held + dt.timedelta(days=40),
            )
            t.progress = 100 if t.due_date < today - dt.timedelta(days=20) else t.progress
            t.status = status_of(t.progress)
            t.done_on = t.due_date if t.progress == 100 else None
        made += 1
    return made
