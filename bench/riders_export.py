"""Benchmark: writing the 106,000-rider registry export (.xlsx), streaming writer vs openpyxl.

Side by side on the same rows, generated in memory in the export's shape (15 columns + the 3
political columns, masked name/ID/phone, labels, dates; no database):
  * `redrider.riders.exporting.writer.write_xlsx` (sheet XML streamed into the zip entry,
    inline strings, one date style, bold header);
  * openpyxl `Workbook(write_only=True)` + `ws.append(row)` + `save()` — what the export used.
Each writer's output is read back with the import's streaming reader to check the row count.

    .venv/bin/python bench/riders_export.py [--rows 106000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER = [
    "编号", "姓名", "身份证号", "手机号", "性别", "出生年份", "工作区县", "平台", "类别",
    "所属企业", "配送站点", "状态", "入职日期", "离职日期", "公积金缴存月数",
    "政治面貌", "流动党员", "所在社区党组织",
]  # fmt: skip


def make_rows(n: int, seed: int = 7) -> list[list]:
    rng = random.Random(seed)
    family = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
    companies = [f"成都{rng.choice('锦武青金成')}区第{i}配送服务有限公司" for i in range(400)]
    sites = [f"{rng.choice('春熙路天府广场九眼桥双楠红牌楼')}站点{i}" for i in range(1200)]
    rows = []
    for pk in range(1, n + 1):
        joined = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(1800))
        left = joined + dt.timedelta(days=rng.randrange(400)) if rng.random() < 0.2 else None
        rows.append(
            [
                pk,
                rng.choice(family) + "*" + rng.choice("明华强伟芳军"),
                f"510104{rng.randrange(1970, 2005)}********{rng.randrange(10)}",
                f"139****{rng.randrange(10000):04d}",
                rng.choice(["男", "女"]),
                rng.randrange(1970, 2005),
                rng.choice(["510104", "510107", "510105", "510106", "510108"]),
                rng.choice(["美团", "饿了么", "美团、饿了么", "京东秒送"]),
                rng.choice(["专送", "众包"]),
                rng.choice(companies),
                rng.choice(sites),
                "离职" if left else "在岗",
                joined,
                left,
                rng.randrange(0, 60),
                rng.choice(["群众", "群众", "共青团员", "中共党员"]),
                rng.choice(["是", "否"]),
                "",
            ]
        )
    return rows


def run_streaming(rows) -> bytes:
    from redrider.riders.exporting.writer import write_xlsx

    out = io.BytesIO()
    write_xlsx(out, header=HEADER, rows=iter(rows), sheet_name="骑手名单")
    return out.getvalue()


def run_openpyxl(rows) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("骑手名单")
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def count_rows(data: bytes) -> int:
    from redrider.riders.importing.xlsx import XlsxSheet

    return sum(1 for _ in XlsxSheet(data).rows()) - 1


def timed(fn, rows):
    w0, c0 = time.perf_counter(), time.process_time()
    data = fn(rows)
    return data, time.perf_counter() - w0, time.process_time() - c0


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=106_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="10,000 rows, once")
    args = parser.parse_args()
    if args.quick:
        args.rows, args.repeat = 10_000, 1
    print(f"load average {os.getloadavg()[0]:.1f}; generating {args.rows:,} rows")
    rows = make_rows(args.rows)
    results = {}
    for name, fn in (("streaming writer", run_streaming), ("openpyxl write-only", run_openpyxl)):
        best = None
        for _ in range(args.repeat):
            data, wall, cpu = timed(fn, rows)
            if best is None or wall < best[1]:
                best = (data, wall, cpu)
        data, wall, cpu = best
        n = count_rows(data)
        assert n == args.rows, (name, n)
        results[name] = wall
        print(
            f"{name:22s} wall {wall:6.2f} s  cpu {cpu:6.2f} s  "
            f"{len(data) / 2**20:5.1f} MB  {args.rows / wall:9,.0f} rows/s  (read back {n:,} rows)"
        )
    ratio = results["openpyxl write-only"] / results["streaming writer"]
    print(f"speed-up: {ratio:.1f}x")


if __name__ == "__main__":
    main()
