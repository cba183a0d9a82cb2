"""The pages of casework: the case page and each role's work lists (cases), the staff inbox,
the complainant's notices and the desk form of an oral claim (notices), the officer's answer to
a proposed sanction (proposals). Importing the package registers the pages."""

from core.web.casework import cases, notices, proposals  # noqa: F401  (the pages)
