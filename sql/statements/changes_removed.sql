-- Topic members the run marked removed (parameter: run_id).
select topic, nct_id from raw_removals where removed_run_id = ? order by all
