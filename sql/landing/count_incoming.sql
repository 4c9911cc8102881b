-- New studies, changed studies (a version not stored yet), all studies received; and how many
-- versions to insert appear more than once in their file; and how many line hashes of a file
-- stand for more than one content hash among all its lines (insert_versions.sql, which reads
-- every line again, could not tell those lines apart). A study counts once however many
-- versions it has in incoming.
select
    count(distinct nct_id) filter (where not known),
    count(distinct nct_id) filter (where known and not stored),
    count(distinct nct_id),
    count(*) filter (where repeated and not stored),
    (
        select count(*) from (
            select filename, line_hash from staged_keys
            group by all
            having count(distinct content_hash) > 1
        )
    )
from incoming
