-- Store this run's top_trials ranking of the given topics in raw_rankings.
insert or replace into raw_rankings
select ?, t.topic, t.rank, t.nct_id, t.score,
    (select max(data_timestamp) from current_records), ?
from top_trials as t
where list_contains(?, t.topic)
