# components: MaxCount
# An observation with two statuses.
INSERT DATA { GRAPH src:t001 { obs:t001-poverty-2021 vnkg:status vnkg:Target } }
