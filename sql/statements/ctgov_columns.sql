-- The tables and views of schema ctgov (AACT's names) in the open file, with their columns and
-- DuckDB types in column order: what a snapshot writes (pipeline.publish.snapshot).
select table_name, column_name, data_type
from duckdb_columns()
where database_name = current_database() and schema_name = 'ctgov' and not internal
order by table_name, column_index
