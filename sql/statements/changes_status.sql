-- Overall status changes the run landed (parameter: seen_at).
select nct_id, old_status, new_status
from status_changes
where changed_seen_at = ?
order by nct_id
