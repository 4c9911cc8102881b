-- Which topic query returned which study, and when it last did.
create table if not exists raw_query_hits (
    topic varchar not null,
    query_id varchar not null,
    nct_id varchar not null,
    first_seen_at timestamp not null,
    last_seen_at timestamp not null,
    primary key (topic, query_id, nct_id)
);
