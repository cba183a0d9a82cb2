"""The tenant admin's pages (admin dinas), one module each: users, the service catalogue, the
calendar and keadaan kahar, the letterhead; their shared helpers in :mod:`.base`. Importing the
package registers the pages."""

from core.web.tenant_admin import calendar, catalogue, home, letterhead, users  # noqa: F401  (the pages)
