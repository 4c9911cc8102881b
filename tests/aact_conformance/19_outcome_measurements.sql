-- expect: runs
-- Primary outcomes and their measurements by result group, across results tables.
SELECT o.nct_id, o.title, rg.title AS arm, om.param_type, om.param_value_num, om.units
FROM ctgov.outcomes o
JOIN ctgov.outcome_measurements om ON om.outcome_id = o.id
JOIN ctgov.result_groups rg ON rg.id = om.result_group_id
WHERE o.outcome_type = 'PRIMARY'
ORDER BY o.nct_id, o.title, arm;
