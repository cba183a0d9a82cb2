"""No input gives a server error: generated facts against the preview and the comparison,
with the real decrees and a real catalogue."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import vocabulary
from tests.conftest import auth

ANY = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=False), st.text(max_size=30),
    st.just("2024-06-05T10:00:00+07:00"), st.just("2024-06-05T10:00:00"), st.just("9999-12-31T00:00:00+07:00"),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
CODES = {
    "component": vocabulary.COMPONENTS, "channel": vocabulary.CHANNELS, "conduct": vocabulary.CONDUCTS,
    "disruption": vocabulary.DISRUPTIONS, "only": ("classify", "compensate", "sanction"),
}
MOMENTS = st.sampled_from(["2024-06-03T09:00:00+07:00", "2024-06-05T10:00:00+07:00", "2024-06-20T15:00:00+07:00"])


def mostly(valid, odds: int = 6):
    """Valid values ``odds`` times in ``odds + 1``, so that the decrees are reached, not only the parser."""
    return st.integers(0, odds).flatmap(lambda pick: valid if pick else ANY)


def value_for(name: str):
    if name in CODES:
        return mostly(st.sampled_from(CODES[name]))
    if name in ("occurred_at", "complaint_received_at"):
        return mostly(MOMENTS)
    if name == "lateness_days":
        return mostly(st.floats(0, 30))
    if name == "service_request":
        request = st.fixed_dictionaries({}, optional={
            "service": st.one_of(st.just("rujukan"), ANY), "received_at": st.one_of(MOMENTS, ANY),
            "documents_complete_at": st.one_of(MOMENTS, ANY), "completed_at": st.one_of(MOMENTS, ANY)})
        return mostly(request)
    return ANY


OPTIONAL = ("occurred_at", "complaint_received_at", "channel", "lateness_days", "service_request",
            "conduct", "disruption", "user_in_jurisdiction")
facts = mostly(
    st.fixed_dictionaries({"component": value_for("component")}, optional={name: value_for(name) for name in OPTIONAL}),
)
questions = mostly(st.sampled_from([None, "classify", "compensate", "sanction"]))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(body=facts, only=questions)
def test_no_facts_give_a_server_error(app, client, make_tenant, make_user, body, only):
    if not hasattr(app, "_fuzz_users"):
        tenant = make_tenant("kota-uji", plugin="kota_bekasi_2023")
        admin = make_user("admin_dinas", tenant)
        client.post("/api/v1/tenants/kota-uji/service-types", headers=auth(admin),
                    json={"code": "rujukan", "name": "Rujukan", "time_norm": "3 hari kerja"})
        app._fuzz_users = (admin, make_user("admin_platform"))
    admin, platform = app._fuzz_users
    preview = client.post("/api/v1/tenants/kota-uji/decisions/preview", headers=auth(admin), json=body)
    assert preview.status_code in (200, 400, 422), (body, preview.get_json())
    compared = client.post("/api/v1/decisions/compare", headers=auth(platform),
                           json={**body, "only": only} if isinstance(body, dict) else body)
    assert compared.status_code in (200, 400, 422), (body, only, compared.get_json())
