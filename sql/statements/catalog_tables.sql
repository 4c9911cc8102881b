-- The tables of one attached catalog (?): which raw tables a published file already has.
select table_name from duckdb_tables() where database_name = ?
