-- Topic ? query ? returned every study of the file ?, seen at ? (first and last).
-- Parameters: topic, query_id, first_seen_at, last_seen_at, file.
insert into raw_query_hits
select distinct ?, ?, nct_id, ?, ?
from staged_keys
where filename = ?
on conflict do update set last_seen_at = excluded.last_seen_at
