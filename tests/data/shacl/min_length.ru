# components: MinLength
# An empty document number; an official with an empty name.
DELETE WHERE { GRAPH ?g { legal:nd-cp-116-2016 eli:id_local ?n } } ;
DELETE WHERE { GRAPH ?g { person:duong-van-huyen foaf:name ?n } } ;
INSERT DATA { GRAPH ref:reference { legal:nd-cp-116-2016 eli:id_local "" .
  person:duong-van-huyen foaf:name "" } }
