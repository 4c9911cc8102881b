-- The topics the current top_trials ranks.
select distinct topic from top_trials
