-- expect: runs
-- Interventional studies by phase, AACT's schema prefix.
SELECT s.phase, count(*) AS n
FROM ctgov.studies s
WHERE s.study_type = 'INTERVENTIONAL'
GROUP BY s.phase
ORDER BY n DESC;
