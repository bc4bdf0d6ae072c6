# components: HasValue Node
# An indicator taken out of its scheme: the indicator shape and every observation of it.
DELETE WHERE { GRAPH ?g { ind:poverty-rate skos:inScheme vnkg:Indicators } }
