# components: SPARQL
# A period that ends before it begins.
DELETE WHERE { GRAPH ?g { <https://w3id.org/vnkg/id/period/2021-2025> <http://www.w3.org/2006/time#hasBeginning> ?b } } ;
DELETE WHERE { GRAPH ?g { <https://w3id.org/vnkg/id/period/2021-2025> <http://www.w3.org/2006/time#hasEnd> ?e } } ;
INSERT DATA { GRAPH src:t001 { <https://w3id.org/vnkg/id/period/2021-2025>
  <http://www.w3.org/2006/time#hasBeginning> <https://w3id.org/vnkg/id/instant/2025-12-31> ;
  <http://www.w3.org/2006/time#hasEnd> <https://w3id.org/vnkg/id/instant/2021-01-01> } }
