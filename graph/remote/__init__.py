"""Infrastructure for other triple stores: a SPARQL endpoint as a backend, HTTP, push."""
