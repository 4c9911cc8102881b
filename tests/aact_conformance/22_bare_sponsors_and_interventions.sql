-- expect: runs
-- Bare names that were once the project's own: lead sponsor class by intervention type.
SELECT s.agency_class, i.intervention_type, count(DISTINCT s.nct_id) AS studies
FROM sponsors s
JOIN interventions i ON i.nct_id = s.nct_id
WHERE s.lead_or_collaborator = 'lead'
GROUP BY s.agency_class, i.intervention_type
ORDER BY studies DESC, s.agency_class, i.intervention_type;
