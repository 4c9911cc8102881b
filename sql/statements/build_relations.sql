-- The tables and views of the build catalog `trials`.
select table_name from duckdb_tables() where database_name = 'trials' union all select view_name from duckdb_views() where database_name = 'trials'
