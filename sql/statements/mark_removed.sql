-- After a full resync of a topic: members it did not return are marked removed (once).
-- Parameters: topic, seen_at, run_id, data_timestamp, topic, seen_at, topic. Returns the ids.
insert into raw_removals
select ?, nct_id, ?, ?, ?, null
from (
    select nct_id from raw_query_hits where topic = ?
    group by nct_id having max(last_seen_at) < ?
) as gone
where not exists (
    select 1 from raw_removals as r
    where r.topic = ? and r.nct_id = gone.nct_id and r.restored_at is null
)
returning nct_id
