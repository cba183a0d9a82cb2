"""The JSON API under ``/api/v1``, on flask-smorest: the machinery in :mod:`core.api.base`
(the blueprint, the tenant of the URL, paging, versions), and one module of routes per domain,
its schemas beside it. Importing this package registers every route on the blueprint.
"""

from core.api.base import PREFIX, api, blp  # noqa: F401  (what the app registers)
from core.api import views  # noqa: E402,F401  (registers the routes)
from core.api import calendar, pauses  # noqa: E402,F401  (the calendar's and request pauses' routes)
from core.api import workflow  # noqa: E402,F401  (the case workflow's routes)
from core.api import case_files  # noqa: E402,F401  (evidence and letters routes)
from core.api import citizen_responses  # noqa: E402,F401  (the citizen's answers, for staff)
from core.api import provinces  # noqa: E402,F401  (the decree matrix, side by side, the what-if replay)
from core.api import notices as notice_routes  # noqa: E402,F401  (inbox, proposals, oral claims)
from core.api import tenant_admin  # noqa: E402,F401  (the tenant admin: users, catalogue import, letterhead)
from core.api import province  # noqa: E402,F401  (the provincial view)
