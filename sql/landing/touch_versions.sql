-- Versions seen again move last_seen_at (?); the ones just inserted already carry it.
update raw_studies set last_seen_at = ?
from incoming as i
where i.stored and raw_studies.nct_id = i.nct_id and raw_studies.content_hash = i.content_hash
