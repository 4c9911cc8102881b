-- Rank movements of the run's ranking (parameter: run_id); unchanged ranks are left out.
select topic, nct_id, old_rank, new_rank, movement
from rank_changes
where run_id = ? and movement <> 'same'
order by topic, new_rank nulls last, nct_id
