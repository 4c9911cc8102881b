-- expect: runs
-- One overall official per study, PostgreSQL's DISTINCT ON.
SELECT DISTINCT ON (nct_id) nct_id, name, affiliation, role
FROM ctgov.overall_officials
ORDER BY nct_id, name;
