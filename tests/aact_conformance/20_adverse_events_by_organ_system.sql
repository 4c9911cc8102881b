-- expect: runs
-- Serious adverse events by organ system.
SELECT re.organ_system, sum(re.subjects_affected) AS affected, count(DISTINCT re.nct_id) AS studies
FROM ctgov.reported_events re
WHERE re.event_type = 'serious'
GROUP BY re.organ_system
ORDER BY affected DESC NULLS LAST;
