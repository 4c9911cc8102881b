-- Whether this DuckDB knows the setting ? (settings come and go between versions).
select count(*) > 0 from duckdb_settings() where name = ?
