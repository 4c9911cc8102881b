-- insert_versions.sql joining on the content hash (md5) instead of line_hash: used when two
-- different lines of one file share a line_hash. Parameters as insert_versions.sql.
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
