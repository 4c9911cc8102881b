-- Studies a full resync of a topic no longer returned (they stopped matching or left the registry).
-- Never deleted: removed_at marks when; restored_at is set if a later run finds them again.
create table if not exists raw_removals (
    topic varchar not null,
    nct_id varchar not null,
    removed_at timestamp not null,
    removed_run_id varchar not null,
    data_timestamp varchar,
    restored_at timestamp,
    primary key (topic, nct_id, removed_at)
);
