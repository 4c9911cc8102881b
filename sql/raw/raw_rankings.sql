-- Each published run's ranking per topic, so rank changes between runs can be queried.
create table if not exists raw_rankings (
    run_id varchar not null,
    topic varchar not null,
    rank integer not null,
    nct_id varchar not null,
    score double not null,
    data_timestamp varchar,
    ranked_at timestamp not null,
    primary key (run_id, topic, nct_id)
);
