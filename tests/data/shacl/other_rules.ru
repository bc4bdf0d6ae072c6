# components: SPARQL
# The other SPARQL rules, each broken once: evidence in another source than its fact's; a
# text position that ends before it starts; an undated fact with a dated period; an indicator
# whose notation is not its IRI's; a unit whose notation is not its IRI's.
DELETE WHERE { GRAPH ?g { <https://w3id.org/vnkg/id/observation/t001-credit#evidence> oa:hasSource ?s } } ;
INSERT DATA { GRAPH src:t001 { <https://w3id.org/vnkg/id/observation/t001-credit#evidence> oa:hasSource source:t002 } } ;
DELETE WHERE { GRAPH ?g { <https://w3id.org/vnkg/id/observation/t001-van-quan#evidence-position> oa:end ?e } } ;
INSERT DATA { GRAPH src:t001 { <https://w3id.org/vnkg/id/observation/t001-van-quan#evidence-position> oa:end 300 } } ;
DELETE WHERE { GRAPH ?g { obs:t001-near-poverty-undated sdmx-dimension:refPeriod ?p } } ;
INSERT DATA { GRAPH src:t001 { obs:t001-near-poverty-undated sdmx-dimension:refPeriod <https://w3id.org/vnkg/id/period/2021-2025> } } ;
DELETE WHERE { GRAPH ?g { ind:poverty-rate skos:notation ?n } } ;
INSERT DATA { GRAPH ref:reference { ind:poverty-rate skos:notation "poverty-ratio" } } ;
DELETE WHERE { GRAPH ?g { <https://w3id.org/vnkg/def/unit/vnd> skos:notation ?n } } ;
INSERT DATA { GRAPH ref:reference { <https://w3id.org/vnkg/def/unit/vnd> skos:notation "dong" } }
