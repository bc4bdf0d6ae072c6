# components: SPARQL MinCount
# An inference no record points to, without comment.
INSERT DATA { GRAPH src:t001 { <https://w3id.org/vnkg/id/observation/t001-credit#inferred-x>
  a vnkg:Inference ; vnkg:aspect <https://w3id.org/vnkg/def/aspect/place> } }
