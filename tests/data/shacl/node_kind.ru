# components: NodeKind
# A publisher given as an IRI, an item given as an IRI.
DELETE WHERE { GRAPH ?g { source:t001 dcterms:publisher ?p } } ;
INSERT DATA { GRAPH src:t001 { source:t001 dcterms:publisher organisation:vbsp .
  activity:t001-roads vnkg:itemGiven organisation:government } }
