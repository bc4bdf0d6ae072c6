# components: In
# A status used as a qualifier; an activity status that is an observation status.
DELETE WHERE { GRAPH ?g { obs:t001-poverty-2021 vnkg:qualifier ?q } } ;
DELETE WHERE { GRAPH ?g { activity:t001-roads vnkg:activityStatus ?s } } ;
INSERT DATA { GRAPH src:t001 { obs:t001-poverty-2021 vnkg:qualifier vnkg:Achieved .
  activity:t001-roads vnkg:activityStatus vnkg:Achieved } }
