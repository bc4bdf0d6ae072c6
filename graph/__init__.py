"""vnkg.graph: annotations in, RDF out (load, check, emit, store, export)."""
