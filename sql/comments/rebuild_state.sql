-- Descriptions of rebuild_state; docs/schema.md is generated from them (make docs).
comment on table rebuild_state is 'What the rebuilt tables were last built from. Key tables_hash: a hash of every sql/ file, the seed tables and the DuckDB version; a run whose hash differs rebuilds every table from raw instead of only the studies it changed. Key studies_swapped_since_full: how many studies'' rows incremental rebuilds swapped since the last full rebuild; past 25 % of the stored studies the next rebuild is full, which compacts the tables.';
comment on column rebuild_state.key is 'Name of the value (tables_hash, studies_swapped_since_full).';
comment on column rebuild_state.value is 'The value.';
comment on column rebuild_state.updated_at is 'When the last rebuild stored it (UTC).';
