-- The versions just landed that nest too deeply (pipeline.fetch.staging): their content hashes
-- and depths as two lists (?, ?), keyed by the staged keys' nct_id. Only versions raw_studies
-- holds are named; one already named is left as it is.
insert or ignore into raw_deep_records
with deep as (
    select unnest(?::varchar[]) as content_hash, unnest(?::bigint[]) as depth
)

select distinct k.nct_id, k.content_hash, d.depth
from staged_keys as k
inner join deep as d on d.content_hash = k.content_hash
semi join raw_studies as r on r.nct_id = k.nct_id and r.content_hash = k.content_hash
