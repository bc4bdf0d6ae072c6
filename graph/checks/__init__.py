"""Checks of the records: across records, against SHACL shapes, against the source texts."""
