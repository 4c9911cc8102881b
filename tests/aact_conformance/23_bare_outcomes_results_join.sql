-- expect: runs
-- Bare outcomes is AACT's results table: primary measures with their analysed counts.
SELECT o.nct_id, o.title, oc.scope, oc.units, sum(oc.count) AS analysed
FROM outcomes o
JOIN outcome_counts oc ON oc.outcome_id = o.id
WHERE o.outcome_type = 'PRIMARY'
GROUP BY o.nct_id, o.title, oc.scope, oc.units
ORDER BY o.nct_id, o.title;
