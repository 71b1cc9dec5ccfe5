"""Census import: validation, merging, all-or-nothing writing."""

from __future__ import annotations

import datetime as dt

import pytest

from redrider.core.models import AuditEvent
from redrider.riders.identity import id_index
from redrider.riders.importing import FileRefused, run_import
from redrider.riders.models import Company, Rider
from redrider.riders.tests.factories import make_rider, new_id_number, new_phone
from redrider.riders.tests.files import HEADER, csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db


def wrong_checksum(number: str) -> str:
    last = number[-1]
    return number[:-1] + ("1" if last != "1" else "2")


def test_a_clean_file_imports_every_row_with_derived_gender_and_birth_year():
    # given
    ids = [new_id_number() for _ in range(3)]
    data = xlsx_bytes(
        [
            row(
                name=f"王{n}",
                id_number=i,
                phone=new_phone(),
                kind="众包",
                company="蜂鸟配送",
                site="春熙路站",
                political_status="中共党员" if n == "一" else "",
            )
            for n, i in zip("一二三", ids, strict=True)
        ]
    )
    # when
    outcome = run_import(data, "list.xlsx", actor=None, scope_code="510000", commit=True)
    # then
    assert outcome.status == "done", outcome.errors
    assert outcome.summary["created"] == 3
    rider = Rider.objects.get(id_index=id_index(ids[0]))
    assert rider.name == "王一"
    assert rider.id_number == ids[0]
    assert rider.birth_year == int(ids[0][6:10])
    assert rider.gender == ("male" if int(ids[0][16]) % 2 else "female")
    assert rider.kind == "crowd" and rider.political_status == "member"
    assert rider.company.name == "蜂鸟配送" and rider.site.kind == "delivery_site"
    assert [p.name for p in rider.platforms.all()] == ["美团"]
    assert AuditEvent.objects.filter(action="rider.import_create").count() == 3


def test_a_file_with_bad_rows_imports_nothing_and_reports_each_bad_row_with_its_reason():
    # given one good row and four bad ones
    good_id, dup_id = new_id_number(), new_id_number()
    dup_phone = new_phone()
    data = xlsx_bytes(
        [
            row(name="好人", id_number=good_id, phone=new_phone()),
            row(name="错校验", id_number=wrong_checksum(new_id_number()), phone=new_phone()),
            row(name="错电话", id_number=new_id_number(), phone="12345"),
            row(name="错区县", id_number=new_id_number(), phone=new_phone(), county="999999"),
            row(name="重复", id_number=dup_id, phone=dup_phone),
            row(name="重复", id_number=dup_id, phone=dup_phone),
        ]
    )
    # when
    outcome = run_import(data, "bad.xlsx", actor=None, scope_code="510000", commit=True)
    # then nothing is written
    assert outcome.status == "invalid"
    assert Rider.objects.count() == 0 and Company.objects.count() == 0
    # and each bad row is reported with its reason
    by_row = {e["row"]: e["code"] for e in outcome.errors}
    assert by_row == {3: "id_checksum", 4: "bad_phone", 5: "unknown_county", 7: "duplicate_row"}
    assert "校验位" in next(e for e in outcome.errors if e["row"] == 3)["message"]
    assert "第6行" in next(e for e in outcome.errors if e["row"] == 7)["message"]


def test_the_same_person_in_two_platforms_files_becomes_one_rider_with_two_platforms():
    # given the same person in Meituan's and Ele.me's lists
    person = dict(name="李四", id_number=new_id_number(), phone=new_phone())
    meituan = xlsx_bytes([row(platform="美团", **person)])
    eleme = csv_bytes([row(platform="饿了么", **person)])
    # when
    first = run_import(meituan, "meituan.xlsx", actor=None, scope_code="510000", commit=True)
    second = run_import(eleme, "eleme.csv", actor=None, scope_code="510000", commit=True)
    # then
    assert (first.summary["created"], second.summary["created"], second.summary["updated"]) == (
        1,
        0,
        1,
    )
    assert Rider.objects.count() == 1
    assert sorted(p.code for p in Rider.objects.get().platforms.all()) == ["eleme", "meituan"]


def test_rows_of_one_person_on_two_platforms_in_one_file_merge():
    # given
    person = dict(name="赵五", id_number=new_id_number(), phone=new_phone())
    data = xlsx_bytes([row(platform="美团", **person), row(platform="饿了么", **person)])
    # when
    outcome = run_import(data, "x.xlsx", actor=None, scope_code="510000", commit=True)
    # then
    assert outcome.summary["people"] == 1 and outcome.summary["merged_rows"] == 1
    assert Rider.objects.get().platforms.count() == 2


def test_a_dry_run_validates_and_writes_nothing():
    # given
    make_rider(id_number=(known := new_id_number()))
    data = xlsx_bytes(
        [row(id_number=known, phone=new_phone()), row(id_number=new_id_number(), phone=new_phone())]
    )
    # when
    outcome = run_import(data, "x.xlsx", actor=None, scope_code="510000", commit=False)
    # then
    assert outcome.status == "valid"
    assert outcome.summary["would_create"] == 1 and outcome.summary["would_update"] == 1
    assert Rider.objects.count() == 1


@pytest.mark.parametrize(
    "cell, code",
    [
        (dt.datetime(2024, 1, 1), "date_in_text"),
        ('=HYPERLINK("http://x")', "formula"),
        (510104199001011234, "id_as_number"),
    ],
)
def test_dates_formulas_and_numbers_where_an_id_number_belongs_are_row_errors(cell, code):
    # given
    data = xlsx_bytes([row(id_number=cell, phone=new_phone())])
    # when
    outcome = run_import(data, "x.xlsx", actor=None, scope_code="510000", commit=True)
    # then
    assert [e["code"] for e in outcome.errors] == [code]
    assert Rider.objects.count() == 0


def test_an_impossible_birth_date_is_a_row_error():
    # given an ID number dated 30 February, with a correct check digit
    from stdnum.cn import ric

    body = "51010419900230123"
    data = xlsx_bytes([row(id_number=body + ric.calc_check_digit(body + "0"), phone=new_phone())])
    # when
    outcome = run_import(data, "x.xlsx", actor=None, scope_code="510000", commit=True)
    # then
    assert [e["code"] for e in outcome.errors] == ["id_birth_date"]


def test_a_county_outside_the_uploaders_scope_is_refused():
    # given a Jinjiang officer's list naming a Wuhou rider
    data = xlsx_bytes([row(id_number=new_id_number(), phone=new_phone(), county="510107")])
    # when
    outcome = run_import(data, "x.xlsx", actor=None, scope_code="510104", commit=True)
    # then
    assert [e["code"] for e in outcome.errors] == ["unknown_county"]


def test_county_names_are_accepted_in_place_of_codes():
    # given
    data = xlsx_bytes([row(id_number=new_id_number(), phone=new_phone(), county="锦江区")])
    # when
    outcome = run_import(data, "x.xlsx", actor=None, scope_code="510000", commit=True)
    # then
    assert outcome.status == "done" and Rider.objects.get().region_code == "510104"


@pytest.mark.parametrize(
    "data, code",
    [
        (b"%PDF-1.4 not a list", "bad_header"),
        (b"\x00\x01\x02binary", "unsupported_type"),
        (b"PK\x03\x04broken zip", "corrupt_file"),
        (b"", "empty_file"),
        (xlsx_bytes([], header=["姓名", "电话"]), "bad_header"),
        (xlsx_bytes([]), "empty_file"),
    ],
)
def test_files_that_are_not_a_census_list_are_refused_whole(data, code):
    # when
    with pytest.raises(FileRefused) as refused:
        run_import(data, "x.xlsx", actor=None, scope_code="510000", commit=True)
    # then
    assert refused.value.code == code
    assert Rider.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(settings):
    # given
    settings.MAX_IMPORT_BYTES = 1024
    data = csv_bytes([row(id_number=new_id_number(), phone=new_phone())] * 30)
    # when
    with pytest.raises(FileRefused) as refused:
        run_import(data, "x.csv", actor=None, scope_code="510000", commit=True)
    # then
    assert refused.value.code == "file_too_large"


def test_error_reports_never_carry_a_full_id_or_phone():
    # given
    bad_id = wrong_checksum(new_id_number())
    data = xlsx_bytes([row(id_number=bad_id, phone="13800000000x")])
    # when
    outcome = run_import(data, "x.xlsx", actor=None, scope_code="510000", commit=True)
    # then
    text = repr(outcome.errors)
    assert bad_id not in text and bad_id[:-1] not in text
    assert HEADER[1].rstrip("*") in text


def test_an_import_never_refills_a_rider_who_withdrew_consent(rider):
    from redrider.riders.services.riders import rider_consent_withdraw

    # given a rider in Meituan's list who then withdrew consent
    person = dict(name="钱六", id_number=new_id_number(), phone=new_phone())
    run_import(
        xlsx_bytes([row(platform="美团", **person)]),
        "a.xlsx",
        actor=None,
        scope_code="510000",
        commit=True,
    )
    record = Rider.objects.get()
    record.user = rider
    record.save(update_fields=["user"])
    rider_consent_withdraw(actor=rider, rider=record)
    # when the same person arrives again in Ele.me's list
    data = xlsx_bytes([row(platform="饿了么", **person)])
    dry = run_import(data, "b.xlsx", actor=None, scope_code="510000", commit=False)
    done = run_import(data, "b.xlsx", actor=None, scope_code="510000", commit=True)
    # then the record is skipped, not refilled or relinked
    assert dry.summary["would_skip_withdrawn"] == 1 and dry.summary["would_update"] == 0
    assert done.summary["skipped_withdrawn"] == 1 and done.summary["updated"] == 0
    record.refresh_from_db()
    assert (record.name, record.id_number, record.phone) == ("", "", "")
    assert [p.code for p in record.platforms.all()] == ["meituan"]
    assert Rider.objects.count() == 1
