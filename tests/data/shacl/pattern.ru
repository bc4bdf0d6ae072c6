# components: Pattern
# A code whose token is not snake case.
DELETE WHERE { GRAPH ?g { vnkg:Achieved skos:notation ?n } } ;
INSERT DATA { GRAPH ref:ontology { vnkg:Achieved skos:notation "Achieved!" } }
