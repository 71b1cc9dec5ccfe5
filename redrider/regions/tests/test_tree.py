"""The region tree: one answer to "is this inside that?", nationally correct."""

import pytest

from redrider.regions import tree

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "scope", "inside"),
    [
        ("510104", "510104", True),
        ("510104", "510100", True),
        ("510104", "510000", True),
        ("510104", "000000", True),
        ("510107", "510104", False),
        ("510703", "510100", False),
        ("110101", "510000", False),
        ("510000", "510100", False),
    ],
)
def test_within_answers_by_the_codes_place_in_the_tree(code, scope, inside):
    assert tree.within(code, scope) is inside


def test_ancestors_lineage_and_the_prefecture_above_a_county():
    # given Jinjiang (510104) in Chengdu (510100) in Sichuan (510000)
    assert tree.ancestors("510104") == ["510100", "510000"]
    assert tree.lineage("510104") == ["510000", "510100", "510104"]
    assert tree.ancestor_at("510104", "prefecture") == "510100"
    assert tree.ancestor_at("510100", "prefecture") == "510100"
    assert tree.ancestor_at("510104", "province") == "510000"


def test_a_county_directly_under_its_province_has_the_real_parent_and_no_prefecture():
    # given 仙桃市 (429004), which sits under Hubei with no prefecture node
    assert tree.is_known("429004")
    assert tree.ancestors("429004") == ["420000"]
    assert tree.ancestor_at("429004", "prefecture") is None


def test_the_country_has_the_provinces_as_children_and_everything_under_it():
    provinces = tree.children("000000")
    assert "510000" in provinces and "110000" in provinces
    assert all(tree.level_of(c) == "province" for c in provinces)
    assert len(tree.under("000000")) == len(tree.tree())
    assert {n.code for n in tree.under("510100")} >= {"510100", "510104", "510107"}
    assert all(tree.within(n.code, "510100") for n in tree.under("510100"))


def test_only_real_nodes_are_known_and_names_never_raise():
    assert tree.is_known("000000") and tree.is_known("510104")
    assert not tree.is_known("51") and not tree.is_known("519999") and not tree.is_known(None)
    assert tree.name_of("510104") == "锦江区"
    assert tree.name_of("000000") == "全国"
    assert tree.name_of("519999") == "519999" and tree.name_of("") == ""
