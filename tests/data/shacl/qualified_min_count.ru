# components: QualifiedMinCount
# A district without its Vietnamese label.
DELETE { GRAPH ?g { district:van-quan skos:prefLabel ?l } }
WHERE { GRAPH ?g { district:van-quan skos:prefLabel ?l FILTER (LANG(?l) = "vi") } }
