"""Each figure of the provincial view opens the cases (or requests) behind it (issue #12 part 2):
June 2024 of agency A (tests/test_province.py's fixture, worked out by hand there), figure by
figure, on the page and through the API; who may open which; bad input named."""

from __future__ import annotations

import re

import pytest

from tests.conftest import auth
from tests.test_province import _signed_in, province  # noqa: F401 (the fixture)

PAGE = "/provinsi/32/kasus/dinas-a?period=2024-06&figure={}"
API = "/api/v1/provinces/32/agencies/dinas-a/behind?period=2024-06&figure={}"


def _days(body: str) -> list[str]:
    """The days the listed cases were received (the first cell of each row), in order."""
    return re.findall(r"<tr><td>2024-(\d\d-\d\d)</td>", body)


@pytest.mark.parametrize(("figure", "days"), [
    ("complaints", ["06-20", "06-09", "06-08", "06-07", "06-05"]),
    ("upheld", ["06-20", "06-07", "06-05"]),
    ("breach_component&key=jangka_waktu", ["06-20", "06-05"]),
    ("breach_category&key=sedang", ["06-20"]),  # C5's decision in force; its superseded "berat" counts not
    ("breach_category&key=berat", []),
    ("breach_category&key=tanpa_kategori", ["06-07"]),  # C2: the head's override, no category
    ("maladministration&key=tidak_patut", ["06-07"]),
    ("sanction", ["06-20", "06-07", "06-05"]),  # four sanctions on three cases, each case once
    ("sanction&key=pembinaan", ["06-07"]),
    ("override", ["06-07"]),
    ("officer&key=Budi Santoso", ["06-07", "06-05"]),  # "Budi  Santoso" on C2 folds to the same name
    ("compensation_due", ["06-07", "06-05"]),
    ("compensation_late", ["06-07", "06-05"]),  # C1's second item given late, C2's never
    ("compensated", ["06-20", "06-05"]),  # given in June: C1's two items, C5's (due in July)
])
def test_each_case_figure_lists_the_cases_it_counts(app, province, figure, days):
    body = _signed_in(app, province["jabar"]).get(PAGE.format(figure)).get_data(as_text=True)
    assert _days(body) == days
    assert "Rahasia Pengadu" not in body and "ISI PENGADUAN" not in body


@pytest.mark.parametrize(("figure", "references"), [
    ("served", ["R-3", "R-4", "R-2", "R-1", "R-6"]),  # completed in June (R-5 in July), newest first
    ("served_late", ["R-3"]),
])
def test_request_figures_list_the_requests_without_the_applicant(app, province, figure, references):
    client = app.test_client()
    answer = client.get(API.format(figure), headers=auth(province["jabar"]))
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert [r["reference"] for r in body["requests"]] == references and "cases" not in body
    assert all("applicant_name" not in r for r in body["requests"])
    page = _signed_in(app, province["jabar"]).get(PAGE.format(figure)).get_data(as_text=True)
    assert all(f"<td>{reference}</td>" in page for reference in references) and "Warga" not in page


def test_open_overdue_lists_late_open_requests_and_overdue_compensation(app, province):
    body = app.test_client().get(API.format("open_overdue"), headers=auth(province["jabar"])).get_json()
    assert body["requests"] == []  # every request of A is finished
    assert [case["received_at"][:10] for case in body["cases"]] == ["2024-06-07"]  # C2's item, never given
    assert set(body["cases"][0]) == {"id", "received_at", "origin", "component", "status", "assessment",
                                     "maladministration"}


def test_the_page_links_each_figure_to_its_rows(app, province):
    page = _signed_in(app, province["jabar"]).get("/provinsi/32?period=2024-06").get_data(as_text=True)
    base = "/provinsi/32/kasus/dinas-a?period=2024-06&amp;figure="
    for figure in ("served", "served_late", "upheld", "complaints", "compensated", "compensation_late", "sanction",
                   "override", "open_overdue", "breach_category&amp;key=sedang", "sanction&amp;key=pembinaan",
                   "maladministration&amp;key=tidak_patut", "officer&amp;key=Budi+Santoso"):
        assert base + figure + '"' in page, figure


def test_an_officer_s_cases_only_for_those_who_see_names(app, province):
    page = _signed_in(app, province["platform"]).get("/provinsi/32?period=2024-06").get_data(as_text=True)
    assert "figure=officer" not in page  # shown as "Petugas 1", with no link naming them
    assert _signed_in(app, province["platform"]).get(PAGE.format("officer&key=Budi Santoso")).status_code == 404
    answer = app.test_client().get(API.format("officer&key=Budi Santoso"), headers=auth(province["platform"]))
    assert answer.status_code == 404
    assert _signed_in(app, province["platform"]).get(PAGE.format("upheld")).status_code == 200


def test_who_may_not_open_the_rows_gets_a_404(app, province):
    client = app.test_client()
    for user in ("lampung", "pimpinan", "admin_dinas"):
        assert client.get(API.format("upheld"), headers=auth(province[user])).status_code == 404, user
    other = "/api/v1/provinces/32/agencies/dinas-c/behind?period=2024-06&figure=upheld"  # Lampung's agency
    assert client.get(other, headers=auth(province["jabar"])).status_code == 404
    missing = "/api/v1/provinces/32/agencies/tidak-ada/behind?period=2024-06&figure=upheld"
    assert client.get(missing, headers=auth(province["jabar"])).status_code == 404


@pytest.mark.parametrize(("query", "field"), [
    ("period=2024-06&figure=rahasia", "figure"),
    ("period=2024-06", "figure"),
    ("period=2024-13&figure=upheld", "period"),
    ("figure=upheld", "period"),
    ("period=2024-06&figure=breach_component", "key"),
    ("period=2024-06&figure=upheld&key=" + "x" * 101, "key"),
])
def test_bad_input_names_the_field(app, province, query, field):
    answer = app.test_client().get(f"/api/v1/provinces/32/agencies/dinas-a/behind?{query}",
                                   headers=auth(province["jabar"]))
    assert answer.status_code == 422, (query, answer.status_code)
    assert field in str(answer.get_json()), answer.get_json()
    page = _signed_in(app, province["jabar"]).get(f"/provinsi/32/kasus/dinas-a?{query}")
    # the page shows the complaints when no figure is asked, and last month when no period is
    expected = 200 if "figure" not in query or "period" not in query else 422
    assert page.status_code == expected, (query, page.status_code)
