"""The pages' machinery: the blueprint, a tenant's page resolved, scoped and policy-checked in
one place, a page across tenants, and a redirect that never leaves the site."""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import Blueprint, request
from flask_login import current_user, login_required

from core.access import policy
from core.platform.domain_errors import Forbidden
from core.http.url_tenant import enter_tenant_of_url

blueprint = Blueprint("web", __name__, template_folder="../templates")


def tenant_page(permission: str):
    """A signed-in page of the tenant in the URL: resolved, scoped and policy-checked in one place."""

    def decorate(view):
        @functools.wraps(view)
        @login_required
        def wrapper(slug: str, **kwargs):
            tenant = enter_tenant_of_url(slug, current_user)
            if not policy.can(current_user, permission, tenant):
                raise Forbidden(f"your role may not do this ({permission})")
            return view(tenant=tenant, **kwargs)

        return wrapper

    return decorate


def cross_tenant_page(permission: str):
    """A signed-in page that belongs to no single tenant, policy-checked in one place."""

    def decorate(view):
        @functools.wraps(view)
        @login_required
        def wrapper(**kwargs):
            if not policy.can_across_tenants(current_user, permission):
                raise Forbidden(f"your role may not do this ({permission})")
            return view(**kwargs)

        return wrapper

    return decorate


def local_path(target: str | None) -> str | None:
    """``target`` if it is a path on this site (``/t/kota-bekasi/keputusan``), else None: a
    redirect never leaves the site, whatever a link or a Referer says."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        if parts.netloc != request.host or parts.scheme not in ("http", "https"):
            return None
        target = parts.path + (f"?{parts.query}" if parts.query else "")
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target
