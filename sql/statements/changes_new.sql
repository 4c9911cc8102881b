-- Studies first seen by the run (parameter: seen_at).
select nct_id from study_versions where version = 1 and first_seen_at = ? order by nct_id
