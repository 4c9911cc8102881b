-- Studies whose new version the run landed (parameter: seen_at).
select nct_id, version from study_versions where version > 1 and first_seen_at = ? order by nct_id
