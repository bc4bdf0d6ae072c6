# components: MinCount
# A node never typed, made an observation by the domain of vnkg:status (RDFS).
INSERT DATA { GRAPH src:t001 { obs:untyped vnkg:status vnkg:Achieved } }
