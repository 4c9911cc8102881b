-- expect: runs
-- The MeSH terms studies were indexed with, by mesh_type.
SELECT bc.mesh_type, bc.downcase_mesh_term, count(DISTINCT bc.nct_id) AS studies
FROM browse_conditions bc
GROUP BY 1, 2
ORDER BY studies DESC, 2
LIMIT 20;
