"""Emitting RDF: records -> quads (reference graph, one graph per source), IRIs, vocabularies."""
