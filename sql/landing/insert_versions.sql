-- Second pass: only versions not yet stored are read back, streaming, from the files (last ?).
-- Parameters: data_timestamp, first_seen_at, last_seen_at, source, files. Versions their file
-- holds more than once would match once per copy: insert_repeated_versions.sql.
-- A line is found by its file and line_hash (DuckDB's 64-bit hash of its text), staged with its
-- content hash in the first pass: hashing each record again with md5 cost a sixth of a landing.
-- The study id and content hash are taken from the staged keys. Two different lines of one file
-- with the same line_hash would both match: the landing then inserts by content hash instead
-- (insert_versions_by_content.sql; count_incoming.sql counts such lines).
insert into raw_studies
select todo.nct_id, todo.content_hash, ?, ?, ?, ?, f.json
from keyed_records(?) as f
inner join (
    select nct_id, content_hash, line_hash, filename from incoming where not stored and not repeated
) as todo
    on todo.line_hash = f.line_hash and todo.filename = f.filename
