-- The file behind an attached catalog.
select path from duckdb_databases() where database_name = ?
