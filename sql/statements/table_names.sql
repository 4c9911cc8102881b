-- The tables of the open database (which state a published file has).
select table_name from duckdb_tables()
