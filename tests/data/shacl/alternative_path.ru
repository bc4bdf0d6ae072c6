# components: Class
# An activity delivered by a text, not an organisation (a path of alternatives).
INSERT DATA { GRAPH src:t001 { activity:t001-roads vnkg:deliveredBy "the provincial bank" } }
