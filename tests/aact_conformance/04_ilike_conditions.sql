-- expect: runs
-- Studies whose condition mentions a word, case-insensitively, with PostgreSQL's ILIKE.
SELECT DISTINCT c.nct_id, c.name
FROM ctgov.conditions c
WHERE c.downcase_name ILIKE '%spasm%' OR c.name ILIKE '%CRAMP%'
ORDER BY c.nct_id;
