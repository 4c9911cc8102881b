-- What the rebuilt tables were last built from: the hash of sql/, the seeds and DuckDB's version
-- (pipeline.incremental.tables_hash). A run whose hash differs rebuilds every table from raw.
create table if not exists rebuild_state (
    key varchar primary key,
    value varchar not null,
    updated_at timestamp not null
);
