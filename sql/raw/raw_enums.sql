-- The registry's enum values as GET /studies/enums served them, one row per value per run that
-- fetched studies. enum_values takes the latest run's set; a run whose request failed records none.
create table if not exists raw_enums (
    run_id varchar not null,
    data_timestamp varchar,
    fetched_at timestamp not null,
    enum_type varchar not null,
    value varchar not null,
    legacy_value varchar,
    ordinal integer not null,
    primary key (run_id, enum_type, value)
);
