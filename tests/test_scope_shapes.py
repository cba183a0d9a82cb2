"""The tenant scope holds for every shape of statement: generated shapes (subqueries, CTEs,
unions, aliases, joins, IN-subqueries, counts over any of them) give, in tenant A's scope,
exactly the rows of A that the same statement gives unscoped."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, literal_column, select, text, union_all
from sqlalchemy.orm import aliased

from core.platform.db import Session
from core.models import Complaint, ServiceRequest, ServiceType, Tenant
from core.models.scope import TenantScopeError, all_tenants, tenant_scope

MODELS = [ServiceType, ServiceRequest, Complaint]


def base(model):
    """A statement whose one column is the tenant of each row of ``model``."""
    return select(model.tenant_id.label("t"))


def as_subquery(inner):
    sub = inner.subquery()
    return select(sub.c.t)


def as_cte(inner):
    cte = inner.cte()
    return select(cte.c.t)


def as_union(inner, other):
    sub = union_all(inner, other).subquery()
    return select(sub.c.t)


def through_alias(model):
    alias = aliased(model)
    return select(alias.tenant_id.label("t"))


def through_join(_model):
    return select(ServiceRequest.tenant_id.label("t")).join(
        ServiceType, (ServiceType.tenant_id == ServiceRequest.tenant_id) & (ServiceType.id == ServiceRequest.service_type_id))


def through_in(model):
    return select(Tenant.id.label("t")).where(Tenant.id.in_(select(model.tenant_id)))


leaves = st.sampled_from(MODELS).flatmap(lambda m: st.sampled_from([base(m), through_alias(m), through_join(m), through_in(m)]))
shapes = st.recursive(
    leaves,
    lambda inner: st.one_of(inner.map(as_subquery), inner.map(as_cte), st.tuples(inner, inner).map(lambda p: as_union(*p))),
    max_leaves=4,
)


@pytest.fixture
def world(app, two_tenants):
    return two_tenants


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shape=shapes, counted=st.booleans())
def test_every_statement_shape_sees_only_the_tenant_in_scope(app, world, shape, counted):
    a = world["dinas-a"]["tenant"].id
    with app.app_context():
        with all_tenants():
            everything = Counter(Session.scalars(shape).all())
        with tenant_scope(a):
            scoped = Counter(Session.scalars(shape).all())
            if counted:
                total = Session.scalar(select(func.count()).select_from(shape.subquery()))
        Session.remove()
    expected = Counter({t: n for t, n in everything.items() if t == a})
    assert set(everything) - {a}, "the other tenant's rows must be there to be hidden"
    if counted:
        assert total == sum(expected.values())
    else:
        assert scoped == expected


def test_a_count_over_the_model_sees_only_the_tenant_in_scope(app, world):
    """The home page's count: select(func.count()).select_from(Model), which escaped before."""
    a = world["dinas-a"]["tenant"].id
    with app.app_context(), tenant_scope(a):
        assert Session.scalar(select(func.count()).select_from(Complaint)) == 1
        assert Session.scalar(select(func.count()).select_from(select(Complaint).subquery())) == 1


def test_with_no_scope_every_shape_that_reaches_tenant_rows_is_refused(app, world):
    with app.app_context():
        for statement in (select(func.count()).select_from(Complaint),
                          select(literal_column("1")).select_from(select(Complaint.id).subquery()),
                          select(Tenant.id).where(Tenant.id.in_(select(ServiceType.tenant_id)))):
            with pytest.raises(TenantScopeError):
                Session.execute(statement)
        assert Session.scalar(select(func.count()).select_from(Tenant)) == 2, "tenants themselves are not scoped"


def test_raw_sql_on_the_session_runs_only_when_explicitly_unscoped(app, world):
    a = world["dinas-a"]["tenant"].id
    with app.app_context():
        for scope in (tenant_scope(a),):
            with scope, pytest.raises(TenantScopeError, match="raw SQL"):
                Session.execute(text("select count(*) from complaints"))
        with all_tenants():
            assert Session.scalar(text("select count(*) from complaints")) == 2


def test_no_code_reaches_a_tenant_table_around_the_orm():
    """Model.__table__ would bypass the ORM's criteria: outside the models and migrations it is not used."""
    from tests.conftest import ROOT

    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "core").rglob("*.py")
                 if "__table__" in p.read_text(encoding="utf-8") and "models" not in p.parts]
    assert offenders == []
