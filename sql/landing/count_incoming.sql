-- New studies, changed studies (a version not stored yet), all studies received; and how many
-- versions to insert appear more than once in their file.
select
    count(*) filter (where not known),
    count(*) filter (where known and not stored),
    count(*),
    count(*) filter (where repeated and not stored)
from incoming
