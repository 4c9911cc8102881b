-- expect: runs
-- Arms and their interventions through design_group_interventions.
SELECT dg.nct_id, dg.group_type, dg.title, i.intervention_type, i.name
FROM ctgov.design_groups dg
JOIN ctgov.design_group_interventions dgi ON dgi.design_group_id = dg.id
JOIN ctgov.interventions i ON i.id = dgi.intervention_id
ORDER BY dg.nct_id, dg.title, i.name;
