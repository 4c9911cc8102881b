-- The few versions not yet stored that their file holds more than once: one row per key.
-- Parameters as insert_versions.sql.
insert into raw_studies
select f.nct_id, f.content_hash, ?, ?, ?, ?, any_value(f.json)
from keyed_records(?) as f
semi join (
    select nct_id, content_hash, filename from incoming where not stored and repeated
) as todo
    on todo.nct_id = f.nct_id and todo.content_hash = f.content_hash and todo.filename = f.filename
group by f.nct_id, f.content_hash
