-- The tables and views comments may describe.
select table_name from duckdb_tables() where not temporary union all select view_name from duckdb_views() where not internal and not temporary
