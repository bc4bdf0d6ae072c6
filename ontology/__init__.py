"""The vnkg ontology, SHACL shapes, indicator scheme and named SPARQL queries (package data)."""
