"""The pages (Jinja): the machinery in :mod:`core.web.base` (the blueprint, a tenant's page
resolved and checked), and one module of pages per domain. Importing this package registers
every page on the blueprint."""

from core.web.base import blueprint  # noqa: F401  (what the app registers)
from core.web import access  # noqa: E402,F401  (sign-in, language, start page, own password)
from core.web import decisions  # noqa: E402,F401  (registers the pages)
from core.web import cases  # noqa: E402,F401  (the case pages and work lists)
from core.web import case_files  # noqa: E402,F401  (the case files page)
from core.web import public  # noqa: E402,F401  (the public complaint pages)
from core.web import provinces  # noqa: E402,F401  (the decree matrix and the what-if replay)
from core.web import notices, proposals  # noqa: E402,F401  (inbox, oral claims, proposed sanctions)
from core.web import tenant_admin  # noqa: E402,F401  (the tenant admin pages)
from core.web import province  # noqa: E402,F401  (the provincial view)
