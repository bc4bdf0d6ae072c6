# components: MinCount
# An organisation never declared, made an org:Organization by the range of vnkg:lentBy (RDFS):
# sh:class holds, the organisation shape does not.
INSERT DATA { GRAPH src:t001 { activity:t001-credit vnkg:lentBy organisation:ghost } }
