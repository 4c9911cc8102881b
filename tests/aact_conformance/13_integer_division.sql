-- expect: runs
-- Months of enrolment as PostgreSQL computes them: integer division truncates there, not in
-- DuckDB (docs/aact.md gives the rewrite); the query runs, its numbers differ.
SELECT nct_id, (completion_date - start_date) / 30 AS months_pg_style
FROM ctgov.studies
WHERE completion_date IS NOT NULL AND start_date IS NOT NULL;
