-- The versions to land per study: those of the last file given that holds it (later pages and
-- queries win). Usually one; two or more when one answer held different records with the same
-- nctId (a collision: each is kept, and all are seen at the same time, which is how the
-- quarantine finds them: duplicate_nct_id). `known` and `stored` say whether raw_studies already
-- has the study, and this very version; `repeated` whether its file holds that version more than
-- once (the API can repeat a study across pages).
create or replace temp table incoming as
with versions as (
    select nct_id, content_hash, filename, any_value(line_hash) as line_hash, count(*) > 1 as repeated
    from staged_keys
    group by nct_id, content_hash, filename
),

chosen as (
    select * from versions
    qualify filename = max(filename) over (partition by nct_id)
)

select
    c.*,
    exists (select 1 from raw_studies as r where r.nct_id = c.nct_id) as known,
    exists (
        select 1 from raw_studies as r
        where r.nct_id = c.nct_id and r.content_hash = c.content_hash
    ) as stored
from chosen as c
