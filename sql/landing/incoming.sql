-- One version per study: the one in the last file given (later pages and queries win). `known`
-- and `stored` say whether raw_studies already has the study, and this very version; `repeated`
-- whether its file holds that version more than once (the API can repeat a study across pages).
create or replace temp table incoming as
with chosen as (
    select nct_id, content_hash, filename, any_value(line_hash) as line_hash, count(*) > 1 as repeated
    from staged_keys
    group by nct_id, content_hash, filename
    qualify row_number() over (partition by nct_id order by filename desc, content_hash) = 1
)

select
    c.*,
    exists (select 1 from raw_studies as r where r.nct_id = c.nct_id) as known,
    exists (
        select 1 from raw_studies as r
        where r.nct_id = c.nct_id and r.content_hash = c.content_hash
    ) as stored
from chosen as c
