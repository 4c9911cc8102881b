-- How many registry enum rows a run stored.
select count(*) from raw_enums where run_id = ?
