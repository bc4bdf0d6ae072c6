# components: Node
# An observation whose area is an organisation; a period that is a place.
DELETE WHERE { GRAPH ?g { obs:t001-credit sdmx-dimension:refArea ?a } } ;
DELETE WHERE { GRAPH ?g { activity:t001-credit vnkg:period ?p } } ;
INSERT DATA { GRAPH src:t001 { obs:t001-credit sdmx-dimension:refArea organisation:vbsp .
  activity:t001-credit vnkg:period province:lang-son } }
