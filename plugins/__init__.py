"""Built-in decree plugins: one package per decree, named by its code (e.g. ``kota_bekasi_2023``)."""
