"""The console overview: each figure leads to the list behind it, when the user may open it."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_overview_figures_link_to_the_lists_behind_them(client, county_officer):
    # given a county officer
    client.force_login(county_officer)
    # when the console overview is drawn
    html = client.get("/console/").content.decode()
    # then the overdue figure leads to the overdue cases and the station figure to the stations
    assert 'href="/appeals/console/?overdue=1"' in html
    assert 'href="/stations/console/"' in html


def test_a_host_sees_figures_without_links_to_pages_they_cannot_open(client, station_host):
    # given a station host (no appeals pages in their menu)
    client.force_login(station_host)
    # when the console overview is drawn
    html = client.get("/console/").content.decode()
    # then no figure links to the appeals queue
    assert "/appeals/console/" not in html
