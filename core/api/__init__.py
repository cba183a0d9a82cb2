"""The JSON API under ``/api/v1``, on flask-smorest: the machinery in :mod:`core.api.base`
(the blueprint, the tenant of the URL, paging, versions), and one module of routes per domain,
its schemas beside it. Importing this package registers every route on the blueprint.
"""

from core.api.base import PREFIX, api, blp  # noqa: F401  (what the app registers)
from core.api import access, agency, case_files, casework, decrees, province  # noqa: E402,F401  (the routes)
