# components: Or
# A legal document with neither number nor title; a province part of a programme; a source
# without URL or note; a date of publication that is a string.
DELETE WHERE { GRAPH ?g { legal:nd-cp-116-2016 eli:id_local ?n } } ;
DELETE WHERE { GRAPH ?g { source:t002 schema:url ?u } } ;
DELETE WHERE { GRAPH ?g { source:t002 vnkg:urlNote ?u } } ;
INSERT DATA { GRAPH ref:reference { province:lang-son vnkg:partOf programme:ntp-poverty .
  source:t001 dcterms:issued "May 2024" } }
