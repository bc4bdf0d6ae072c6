# components: SPARQL
# A year that is not the year of the date; a percentage over 100; a range without maximum.
INSERT DATA { GRAPH ref:reference { legal:nd-cp-116-2016 eli:date_document "2015-07-18"^^xsd:date } } ;
DELETE WHERE { GRAPH ?g { obs:t001-poverty-2021 sdmx-measure:obsValue ?v } } ;
DELETE WHERE { GRAPH ?g { obs:t001-poverty-2021 vnkg:qualifier ?q } } ;
INSERT DATA { GRAPH src:t001 { obs:t001-poverty-2021 sdmx-measure:obsValue 140.5 ;
  vnkg:qualifier vnkg:Range } }
