-- expect: runs
-- The project's saved searches in AACT's shape.
SELECT ss.name, ss.grouping, count(sr.nct_id) AS hits
FROM ctgov.study_searches ss
LEFT JOIN ctgov.search_results sr ON sr.study_search_id = ss.id
GROUP BY 1, 2
ORDER BY 1;
