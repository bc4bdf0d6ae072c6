"""Linking the places: the gazetteer of administrative units, the 2025 reform, external ids."""
