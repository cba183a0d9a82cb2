"""Resolving the tenant of a URL, once, for web and API blueprints.

A URL carrying ``<slug>`` names a tenant; the user must be allowed to see it
(else 404) and the request then runs in that tenant's scope.
"""

from __future__ import annotations

from flask import g, has_app_context

from core.access import policy
from core.models import scope
from core.platform.db import Session
from core.platform.domain_errors import NotFound
from core.models import Tenant
from sqlalchemy import select


def prefetched(slug: str, tenant: Tenant | None) -> None:
    """The tenant of ``slug`` (or None: there is none), already read with the request's token."""
    g.prefetched_tenant = (slug, tenant)


def tenant_by_slug(slug: str) -> Tenant | None:
    known = g.get("prefetched_tenant") if has_app_context() else None
    if known is not None and known[0] == slug:
        return known[1]
    return Session.scalar(select(Tenant).where(Tenant.slug == slug))


def enter_tenant_of_url(slug: str, user) -> Tenant:
    tenant = tenant_by_slug(slug)
    if tenant is None or user is None or not policy.can_see_tenant(user, tenant):
        raise NotFound("tenant")
    g.tenant = tenant
    g.tenant_scope_token = scope.enter(tenant.id)
    return tenant


def enter_public_tenant(slug: str) -> Tenant:
    """The tenant of a public page (no account): any agency by its slug, entered as the scope."""
    tenant = tenant_by_slug(slug)
    if tenant is None:
        raise NotFound("tenant")
    g.tenant = tenant
    g.tenant_scope_token = scope.enter(tenant.id)
    return tenant
