-- Second pass: only versions not yet stored are read back, streaming, from the files (last ?).
-- Parameters: data_timestamp, first_seen_at, last_seen_at, source, files. Versions their file
-- holds more than once would match once per copy: insert_repeated_versions.sql.
-- A line is found by its content hash and file alone: keyed_records derives the study id from
-- the line too, so the hash decides it, and the id is taken from the staged keys instead of
-- parsing every record's JSON a second time.
insert into raw_studies
select todo.nct_id, todo.content_hash, ?, ?, ?, ?, f.json
from keyed_records(?) as f
inner join (
    select nct_id, content_hash, filename from incoming where not stored and not repeated
) as todo
    on todo.content_hash = f.content_hash and todo.filename = f.filename
