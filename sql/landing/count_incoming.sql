-- New studies, changed studies (a version not stored yet), all studies received; and how many
-- versions to insert appear more than once in their file; and how many line hashes of a file
-- stand for more than one content hash among all its lines (insert_versions.sql, which reads
-- every line again, could not tell those lines apart). A study counts once however many
-- versions it has in incoming (more than one only after a collision).
with studies as (
    select
        nct_id,
        bool_or(known) as known,
        bool_and(stored) as stored,
        count(*) filter (where repeated and not stored) as repeated
    from incoming
    group by nct_id
)

select
    count(*) filter (where not known),
    count(*) filter (where known and not stored),
    count(*),
    coalesce(sum(repeated), 0),
    (
        select count(*) from (
            select filename, line_hash from staged_keys
            group by all
            having count(distinct content_hash) > 1
        )
    )
from studies
