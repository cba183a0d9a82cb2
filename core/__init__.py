"""kompensasi: compensation for public services that miss their standard."""
