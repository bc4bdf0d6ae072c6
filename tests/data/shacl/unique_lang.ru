# components: UniqueLang
# Two Vietnamese labels of one province; two English titles of a source.
INSERT DATA { GRAPH ref:reference { province:lang-son skos:prefLabel "Xứ Lạng"@vi .
  source:t001 dcterms:title "Another title"@en } }
