-- Component values per enum value, per topic: kind is status | sponsor (agency class).
create or replace table topic_values (
    topic varchar not null,
    kind varchar not null,
    key varchar not null,
    value double not null
)
