-- expect: runs
-- Central contacts per study next to the sections of its record.
SELECT sr.type AS section, count(DISTINCT cc.nct_id) AS studies_with_contacts,
       count(DISTINCT sr.nct_id) AS studies
FROM study_records sr
LEFT JOIN central_contacts cc ON cc.nct_id = sr.nct_id AND cc.contact_type = 'primary'
GROUP BY sr.type
ORDER BY sr.type;
