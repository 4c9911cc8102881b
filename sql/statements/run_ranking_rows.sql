-- How many ranking rows a run stored.
select count(*) from raw_rankings where run_id = ?
