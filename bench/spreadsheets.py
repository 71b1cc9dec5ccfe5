"""Benchmark: reading the 106,000-row census list and writing the 106,000-row registry export,
every candidate on the same data in one run.

Read (the census import's first step: every row of the first sheet, text cleaned):
  * the retired lxml `iterparse` reader (bench/baseline_xlsx_reader.py) + `clean_values`;
  * python-calamine alone (`iter_rows`, nothing else: the library's floor);
  * `core.sheets.read_sheet(formulas="refuse")`: calamine plus what the platform adds — every
    zip entry inflated once (zip-bomb check), the formula scan, empty cells as None, cleaning.
  The file is written the way Excel writes one (shared strings), with openpyxl.

Write (the registry export's shape: 18 columns, masked name/ID/phone, labels, two date columns;
every string through `core.text.cell`, i.e. formula-injection and control-character safe):
  * `core.sheets.write_xlsx` (the platform's streaming writer, sanitising built in);
  * the single-sheet writer it generalised (bench/baseline_xlsx_writer.py);
  * xlsxwriter with `constant_memory`;
  * rustpy-xlsxwriter (`write_worksheet` fed a generator of dicts).
  Every output is read back (row count) and checked: a "=1+1" cell is text, no `<f>` element,
  no control character.

Each candidate runs in a forked child: wall time, CPU time (user+sys of the child, all its
threads) and the child's peak RSS above the parent's at the fork. Best of `--repeat`.

    .venv/bin/python bench/spreadsheets.py [--rows 106000] [--repeat 2] [--quick]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

CENSUS_HEADER = [
    "姓名*", "身份证号*", "手机号*", "工作区县*", "平台*", "类别", "所属企业", "配送站点",
    "入职日期", "状态", "离职日期", "政治面貌", "流动党员", "所在社区党组织", "公积金缴存月数",
]  # fmt: skip
EXPORT_HEADER = [
    "编号", "姓名", "身份证号", "手机号", "性别", "出生年份", "工作区县", "平台", "类别",
    "所属企业", "配送站点", "状态", "入职日期", "离职日期", "公积金缴存月数",
    "政治面貌", "流动党员", "所在社区党组织",
]  # fmt: skip
COUNTIES = ["510104", "510105", "510106", "510107", "510108", "510112", "510113", "510114"]
FAMILY = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"


def census_rows(n: int, seed: int = 7) -> list[list]:
    """The census template filled in with `n` synthetic people."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        county = rng.choice(COUNTIES)
        rows.append(
            [
                rng.choice(FAMILY) + rng.choice("明华强伟芳军") + rng.choice(["", "杰", "丽"]),
                f"{county}{rng.randrange(1970, 2005)}{rng.randrange(1, 13):02d}"
                f"{rng.randrange(1, 29):02d}{rng.randrange(1000):03d}{rng.choice('0123456789X')}",
                f"139{i:08d}",
                county,
                rng.choices(["美团", "饿了么", "京东秒送", "闪送"], weights=[45, 35, 10, 10])[0],
                "众包" if rng.random() < 0.55 else "专送",
                f"{county}配送服务有限公司{i % 7}",
                f"站点{i % 40}",
                dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(1800)),
                "在岗",
                None,
                "中共党员" if rng.random() < 0.007 else "群众",
                "否",
                None,
                rng.randint(0, 24),
            ]
        )
    return rows


def census_file(rows: list[list], *, trap: bool) -> bytes:
    """`rows` saved as Excel saves a list (shared strings, dates as date cells); with `trap`
    the last row holds a formula and an escaped control character (`_x000B_`)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("骑手名单")
    ws.append(CENSUS_HEADER)
    for row in rows[:-1] if trap else rows:
        ws.append(row)
    if trap:
        ws.append(
            ["=A2", "510104199001011234", "13800000000", "510104", "美团", "专送", "a_x000B_b"]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def export_rows(n: int, seed: int = 7) -> list[list]:
    rng = random.Random(seed)
    companies = [f"成都{rng.choice('锦武青金成')}区第{i}配送服务有限公司" for i in range(400)]
    sites = [f"{rng.choice('春熙路天府广场九眼桥双楠红牌楼')}站点{i}" for i in range(1200)]
    rows = []
    for pk in range(1, n + 1):
        joined = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(1800))
        left = joined + dt.timedelta(days=rng.randrange(400)) if rng.random() < 0.2 else None
        rows.append(
            [
                pk,
                rng.choice(FAMILY) + "*" + rng.choice("明华强伟芳军"),
                f"510104{rng.randrange(1970, 2005)}********{rng.randrange(10)}",
                f"139****{rng.randrange(10000):04d}",
                rng.choice(["男", "女"]),
                rng.randrange(1970, 2005),
                rng.choice(COUNTIES),
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
    # The traps every writer must defuse: a formula and a control character in typed text.
    rows[0][9] = '=HYPERLINK("http://x","点我")'
    rows[1][9] = "某\x0b公司"
    return rows


# ---- readers ------------------------------------------------------------------------------


def read_lxml(data: bytes) -> int:
    from baseline_xlsx_reader import XlsxSheet

    from redrider.core.text import clean_values

    sheet = XlsxSheet(data)
    count = sum(1 for _n, values in sheet.rows() if clean_values(values))
    sheet.close()
    return count


def read_calamine_raw(data: bytes) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    count = sum(1 for _row in book.get_sheet_by_index(0).iter_rows())
    book.close()
    return count


def read_platform(data: bytes) -> int:
    from redrider.core.sheets import read_sheet

    sheet = read_sheet(data, formulas="refuse")
    count = sum(1 for _n, values in sheet.rows if any(v is not None for v in values))
    sheet.close()
    return count


def same_rows(data: bytes) -> str:
    """Both readers' rows side by side, normalised (an integral float is an int, a date a
    midnight datetime, trailing empty cells dropped); answers where they first differ."""
    from baseline_xlsx_reader import XlsxSheet

    from redrider.core.sheets import read_sheet
    from redrider.core.text import clean_values

    def norm(values):
        out = []
        for v in values:
            if isinstance(v, float) and v.is_integer():
                v = int(v)
            elif type(v) is dt.date:
                v = dt.datetime(v.year, v.month, v.day)
            out.append(v)
        while out and out[-1] is None:
            out.pop()
        return out

    old = {n: norm(clean_values(v)) for n, v in XlsxSheet(data).rows()}
    new = {n: norm(v) for n, v in read_sheet(data, formulas="refuse").rows if norm(v)}
    if old.keys() != new.keys():
        return f"row numbers differ ({len(old)} vs {len(new)})"
    differ = [n for n in old if old[n] != new[n]]
    if not differ:
        return f"identical, {len(old):,} rows"
    shown = "; ".join(f"row {n}: {old[n]} vs {new[n]}" for n in differ[:2])
    return f"{len(old) - len(differ):,} rows identical, {len(differ)} differ: {shown}"


# ---- writers ------------------------------------------------------------------------------


def _safe_rows(rows):
    from redrider.core.text import cell

    for row in rows:
        yield [cell(v) if type(v) is str else v for v in row]


def write_platform(rows) -> bytes:
    from redrider.core.sheets import write_xlsx

    out = io.BytesIO()
    write_xlsx(out, header=EXPORT_HEADER, rows=iter(rows), sheet_name="骑手名单")
    return out.getvalue()


def write_baseline(rows) -> bytes:
    from baseline_xlsx_writer import write_xlsx

    out = io.BytesIO()
    write_xlsx(out, header=EXPORT_HEADER, rows=_safe_rows(rows), sheet_name="骑手名单")
    return out.getvalue()


def write_xlsxwriter(rows) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": True})
    ws = book.add_worksheet("骑手名单")
    bold, date = book.add_format({"bold": True}), book.add_format({"num_format": "yyyy-mm-dd"})
    for c, title in enumerate(EXPORT_HEADER):
        ws.write_string(0, c, title, bold)
    for r, row in enumerate(_safe_rows(rows), start=1):
        for c, v in enumerate(row):
            kind = type(v)
            if v is None or v == "":
                continue
            if kind is str:
                ws.write_string(r, c, v)
            elif kind is int or kind is float:
                ws.write_number(r, c, v)
            elif kind is dt.date:
                ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date)
            else:
                ws.write_string(r, c, str(v))
    book.close()
    return out.getvalue()


def write_rustpy(rows) -> bytes:
    from rustpy_xlsxwriter import write_worksheet

    out = io.BytesIO()
    records = (dict(zip(EXPORT_HEADER, row, strict=True)) for row in _safe_rows(rows))
    write_worksheet(
        records, out, sheet_name="骑手名单", bold_headers=True, datetime_format="yyyy-mm-dd"
    )
    return out.getvalue()


def check_written(data: bytes, rows: int) -> str:
    """Row count read back, the formula trap written as text, no control character."""
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    read = list(sheet.iter_rows())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    problems = []
    if len(read) - 1 != rows:
        problems.append(f"{len(read) - 1} rows")
    if b"<f>" in xml or b"<f " in xml:
        problems.append("a formula element")
    if not str(read[1][9]).startswith("'="):
        problems.append(f"formula cell reads {read[1][9]!r}")
    if "\x0b" in str(read[2][9]) or "_x000B_" in xml.decode():
        problems.append("a control character")
    return "ok" if not problems else "PROBLEM: " + ", ".join(problems)


# ---- measuring ----------------------------------------------------------------------------


def _status_kib(field: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def in_child(fn, arg):
    """Run fn(arg) in a forked child: (answer, wall s, CPU s, peak RSS MiB the work added).
    The answer (a row count, or the bytes of a written file) comes back through a file."""
    with tempfile.NamedTemporaryFile(prefix="bench-sheets-") as box:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            start = _status_kib("VmRSS")
            w0 = time.perf_counter()
            answer = fn(arg)
            wall = time.perf_counter() - w0
            added = max(_status_kib("VmHWM") - start, 0) / 1024
            body = answer if isinstance(answer, bytes) else str(answer).encode()
            with open(box.name, "wb") as fh:
                fh.write(f"{wall!r} {added!r} {isinstance(answer, bytes):d}\n".encode() + body)
            os._exit(0)
        _pid, _status, usage = os.wait4(pid, 0)
        head, body = Path(box.name).read_bytes().split(b"\n", 1)
    wall_text, added_text, is_bytes = head.decode().split()
    answer = body if is_bytes == "1" else int(body)
    cpu = usage.ru_utime + usage.ru_stime
    return answer, float(wall_text), cpu, float(added_text)


def best(fn, arg, repeat: int):
    runs = [in_child(fn, arg) for _ in range(repeat)]
    return min(runs, key=lambda r: r[1])


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=106_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="10,000 rows, once")
    parser.add_argument("--only", choices=["read", "write"], help="one half of the bench")
    args = parser.parse_args()
    if args.quick:
        args.rows, args.repeat = 10_000, 1
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; {args.rows:,} rows")
    print(f"python {sys.version.split()[0]}")

    if args.only != "write":
        read_bench(args)
    if args.only != "read":
        write_bench(args)
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")


def read_bench(args) -> None:
    t0 = time.perf_counter()
    people = census_rows(args.rows)
    files = {
        "no formula": census_file(people, trap=False),
        "a formula in the last row": census_file(people, trap=True),
    }
    print(f"\ncensus files written in {time.perf_counter() - t0:.1f} s")
    readers = {
        "lxml iterparse (retired) + cleaning": read_lxml,
        "python-calamine iter_rows alone": read_calamine_raw,
        "core.sheets.read_sheet (calamine + safety)": read_platform,
    }
    for label, data in files.items():
        print(f"\ncensus file, {label}: {len(data) / 2**20:.1f} MiB")
        print(f"  readers agree: {same_rows(data)}")
        print(f"  {'read':44s} {'wall':>7s} {'CPU':>7s} {'+RSS':>8s} {'rows/s':>9s}")
        for name, fn in readers.items():
            count, wall, cpu, rss = best(fn, data, args.repeat)
            print(
                f"  {name:44s} {wall:6.2f}s {cpu:6.2f}s {rss:6.0f}MiB {args.rows / wall:9,.0f}"
                f"  ({count:,} rows)"
            )


def write_bench(args) -> None:
    rows = export_rows(args.rows)
    print(f"\n{'write':46s} {'wall':>7s} {'CPU':>7s} {'+RSS':>8s} {'rows/s':>9s}")
    writers = {
        "core.sheets.write_xlsx": write_platform,
        "single-sheet writer it generalised": write_baseline,
        "xlsxwriter constant_memory": write_xlsxwriter,
        "rustpy-xlsxwriter 0.8.0": write_rustpy,
    }
    for name, fn in writers.items():
        out, wall, cpu, rss = best(fn, rows, args.repeat)
        print(
            f"{name:46s} {wall:6.2f}s {cpu:6.2f}s {rss:6.0f}MiB {args.rows / wall:9,.0f}"
            f"  {len(out) / 2**20:.1f} MiB, {check_written(out, args.rows)}"
        )


if __name__ == "__main__":
    main()
