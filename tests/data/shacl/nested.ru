# components: Node
# An evidence span that ends before it starts and starts before the text: the selector, the
# evidence and the observation fail through sh:node.
DELETE WHERE { GRAPH ?g { <https://w3id.org/vnkg/id/observation/t001-credit#evidence-position> oa:start ?s ; oa:end ?e } } ;
INSERT DATA { GRAPH src:t001 { <https://w3id.org/vnkg/id/observation/t001-credit#evidence-position>
  oa:start -5 ; oa:end -9 } }
