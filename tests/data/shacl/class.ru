# components: Class
# A fact derived from a programme, not a source; a legal basis that is a place.
INSERT DATA { GRAPH src:t001 { obs:t001-credit prov:wasDerivedFrom programme:ntp-poverty .
  activity:t001-credit vnkg:legalBasis province:lang-son } }
