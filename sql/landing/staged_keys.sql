-- First pass: the keys of every line of the files ? (~60 bytes a record), never the records.
create or replace temp table staged_keys as
select nct_id, content_hash, line_hash, filename
from keyed_records(?)
