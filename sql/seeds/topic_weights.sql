-- Score weights per topic and component; score = sum(weight x component value in [0, 1]).
create or replace table topic_weights (
    topic varchar not null,
    component varchar not null,
    weight double not null
)
