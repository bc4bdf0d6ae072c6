# components: In MaxCount
# A draft marker that is not true (sh:targetSubjectsOf vnkg:draft).
INSERT DATA { GRAPH src:t001 { obs:t001-credit vnkg:draft false , "yes" } }
