-- expect: runs
-- SIMILAR TO exists in DuckDB too but as a regular expression, not SQL's pattern: this one means
-- the same in both (docs/aact.md).
SELECT nct_id FROM ctgov.id_information WHERE id_value SIMILAR TO 'NCT[0-9]+';
