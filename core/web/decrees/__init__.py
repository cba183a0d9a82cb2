"""The pages of the decrees: a decision asked of a tenant's decree and every decree compared
(decisions), the decree matrix of a province and an agency's cases replayed under another decree
(tables). Importing the package registers the pages."""

from core.web.decrees import decisions, tables  # noqa: F401  (the pages)
