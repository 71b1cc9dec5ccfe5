import pytest

from redrider.orgs.tests.scoping_cases import CASES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "kind,model",
    [
        ("committees", "Committee"),
        ("leading-groups", "LeadingGroup"),
        ("instructors", "Instructor"),
        ("party-organisations", "PartyOrganisation"),
    ],
)
def test_org_list_page_shows_own_county_rows_only(client, county_officer, kind, model):
    # given one row in Jinjiang and one in Wuhou
    case = next(c for c in CASES if c.model.__name__ == model)
    mine = case.make("510104")
    case.make("510107")
    client.force_login(county_officer)
    # when
    html = client.get(f"/orgs/{kind}/").content.decode()
    # then
    assert "510104" in html
    assert "510107" not in html
    assert str(mine) in html


def test_unknown_org_list_answers_404(client, county_officer):
    client.force_login(county_officer)
    assert client.get("/orgs/nonsense/").status_code == 404
