-- Descriptions of study_versions; docs/schema.md is generated from them (make docs).
comment on view study_versions is 'Every stored version of every study (raw_studies) in the order it was first seen, with the fields history queries compare and the previous version''s values beside them.';
comment on column study_versions.nct_id is 'ClinicalTrials.gov identifier.';
comment on column study_versions.content_hash is 'md5 of this version''s JSON text (raw_studies.content_hash).';
comment on column study_versions.data_timestamp is 'The API''s dataTimestamp when this version was first landed; null for imports.';
comment on column study_versions.first_seen_at is 'UTC time this version was first landed: when the change was noticed.';
comment on column study_versions.last_seen_at is 'UTC time this version was last returned.';
comment on column study_versions.source is 'api, import:<files> or a test label (raw_studies.source).';
comment on column study_versions.overall_status is 'Status in this version (protocolSection.statusModule.overallStatus), e.g. RECRUITING.';
comment on column study_versions.enrollment is 'Participants in this version (protocolSection.designModule.enrollmentInfo.count).';
comment on column study_versions.enrollment_type is 'ESTIMATED or ACTUAL in this version (enrollmentInfo.type).';
comment on column study_versions.last_update_post_date is 'Last update posted date in this version, as the registry''s text (lastUpdatePostDateStruct.date: YYYY-MM-DD, sometimes YYYY-MM).';
comment on column study_versions.version is 'Version number of the study, 1 = first seen, ordered by first_seen_at then content_hash.';
comment on column study_versions.previous_status is 'overall_status of the previous version; null for version 1.';
comment on column study_versions.previous_enrollment is 'enrollment of the previous version; null for version 1.';
comment on column study_versions.previous_data_timestamp is 'data_timestamp of the previous version; null for version 1.';
