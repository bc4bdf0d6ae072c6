# components: SPARQL
# The observation rules, each broken once: a unit other than its indicator's; a value and a
# spread; neither; a maximum without a range; a maximum below the value; a spread upside down;
# a percentage below 0.
DELETE WHERE { GRAPH ?g { obs:t001-credit <http://purl.org/linked-data/sdmx/2009/attribute#unitMeasure> ?u } } ;
INSERT DATA { GRAPH src:t001 { obs:t001-credit <http://purl.org/linked-data/sdmx/2009/attribute#unitMeasure> <https://w3id.org/vnkg/def/unit/percentage_point> } } ;
INSERT DATA { GRAPH src:t001 { obs:t001-district-spread sdmx-measure:obsValue 1.5 } } ;
DELETE WHERE { GRAPH ?g { obs:t002-poverty-2021 sdmx-measure:obsValue ?v } } ;
INSERT DATA { GRAPH src:t001 { obs:t001-van-quan vnkg:maxValue 25.0 } } ;
DELETE WHERE { GRAPH ?g { obs:t001-target-2025 vnkg:maxValue ?m } } ;
INSERT DATA { GRAPH src:t001 { obs:t001-target-2025 vnkg:maxValue 1.5 } } ;
DELETE WHERE { GRAPH ?g { obs:t001-district-spread vnkg:spreadMax ?m } } ;
INSERT DATA { GRAPH src:t001 { obs:t001-district-spread vnkg:spreadMax 0.2 } } ;
DELETE WHERE { GRAPH ?g { obs:t001-near-poverty-undated sdmx-measure:obsValue ?v } } ;
INSERT DATA { GRAPH src:t001 { obs:t001-near-poverty-undated sdmx-measure:obsValue -3.0 } }
