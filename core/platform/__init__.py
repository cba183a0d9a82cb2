"""Cross-cutting foundations: settings, the database, domain errors, clean input, encrypted fields, the file store."""
