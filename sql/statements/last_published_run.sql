-- The latest published run and its data timestamp (what the site files must match).
select run_id, data_timestamp from pipeline_runs where outcome = 'published' order by started_at desc, run_id desc limit 1
