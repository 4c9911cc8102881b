-- Every table and view of the open database (a panel may read only these).
select table_name from duckdb_tables() union all select view_name from duckdb_views()
