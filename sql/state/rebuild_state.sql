-- What the rebuilt tables were last built from: the hash of sql/, the seeds and DuckDB's version
-- (pipeline.warehouse.incremental.tables_hash; a run whose hash differs rebuilds every table from raw), and
-- how many studies' rows incremental rebuilds swapped since the last full one (past a share of
-- the stored studies the next rebuild is full, which compacts the tables).
create table if not exists rebuild_state (
    key varchar primary key,
    value varchar not null,
    updated_at timestamp not null
);
