-- One row per API query per run: what the server said it had (total_count) against what arrived.
-- mode is full (the whole topic query) or incremental (only studies updated since `since`).
create table if not exists raw_fetches (
    run_id varchar not null,
    topic varchar not null,
    query_id varchar not null,
    mode varchar not null,
    since date,
    params json not null,
    data_timestamp varchar,
    total_count bigint,
    received bigint not null,
    unique_received bigint not null,
    pages bigint not null,
    requests bigint not null,
    fetched_at timestamp not null,
    primary key (run_id, topic, query_id)
);
