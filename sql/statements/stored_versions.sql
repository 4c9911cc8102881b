-- How many versions raw_studies holds: the row count DuckDB keeps for the table (no scan), 0
-- before there is one. What a rebuild sizes its tables' row groups by (db.table_row_group_size).
select coalesce(sum(estimated_size), 0)::bigint
from duckdb_tables()
where database_name = current_database() and schema_name = 'main' and table_name = 'raw_studies'
