# components: Datatype
# A value written as a string, a publication date as a dateTime.
DELETE WHERE { GRAPH ?g { obs:t001-credit sdmx-measure:obsValue ?v } } ;
INSERT DATA { GRAPH src:t001 { obs:t001-credit sdmx-measure:obsValue "4459" .
  source:t001 dcterms:issued "2024-05-01T10:00:00"^^xsd:dateTime } }
