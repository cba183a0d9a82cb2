"""What the API and the pages share: domain errors to HTTP, the tenant of a URL, downloads, table export, the registry."""
