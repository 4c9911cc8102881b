-- Second pass: only versions not yet stored are read back, streaming, from the files (last ?).
-- Parameters: data_timestamp, first_seen_at, last_seen_at, source, files. Versions their file
-- holds more than once would pass the semi join once per copy: insert_repeated_versions.sql.
insert into raw_studies
select f.nct_id, f.content_hash, ?, ?, ?, ?, f.json
from keyed_records(?) as f
semi join (
    select nct_id, content_hash, filename from incoming where not stored and not repeated
) as todo
    on todo.nct_id = f.nct_id and todo.content_hash = f.content_hash and todo.filename = f.filename
