"""Layout tests: the PDFs measured from their character boxes."""
