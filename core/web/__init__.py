"""The pages (Jinja): the machinery in :mod:`core.web.base` (the blueprint, a tenant's page
resolved and checked), and one module of pages per domain. Importing this package registers
every page on the blueprint."""

from core.web.base import blueprint  # noqa: F401  (what the app registers)
from core.web import access  # noqa: E402,F401  (sign-in, language, start page, own password)
from core.web import case_files, casework, citizen, decrees, province, tenant_admin  # noqa: E402,F401  (the pages)
