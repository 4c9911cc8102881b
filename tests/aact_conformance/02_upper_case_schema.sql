-- expect: runs
-- Upper-case schema name, as in CTTI's examples.
SELECT nct_id, brief_title, overall_status FROM CTGOV.STUDIES ORDER BY nct_id LIMIT 10;
