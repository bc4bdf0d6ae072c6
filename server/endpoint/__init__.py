"""The SPARQL 1.1 Protocol endpoint, Graph Store reads, the dataset description and downloads."""
