# components: MinCount
# An observation without its data set.
DELETE WHERE { GRAPH ?g { obs:t001-credit qb:dataSet ?set } }
