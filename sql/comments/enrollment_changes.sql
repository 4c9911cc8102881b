-- Descriptions of enrollment_changes; docs/schema.md is generated from them (make docs).
comment on view enrollment_changes is 'Enrollment count changes between successive stored versions of a study (study_versions), e.g. a target revised or an estimate replaced by the actual count.';
comment on column enrollment_changes.nct_id is 'ClinicalTrials.gov identifier.';
comment on column enrollment_changes.old_enrollment is 'Participants in the previous version (protocolSection.designModule.enrollmentInfo.count).';
comment on column enrollment_changes.new_enrollment is 'Participants in the version that changed it.';
comment on column enrollment_changes.difference is 'new_enrollment - old_enrollment; negative when the count went down.';
comment on column enrollment_changes.enrollment_type is 'ESTIMATED or ACTUAL in the changed version (enrollmentInfo.type).';
comment on column enrollment_changes.old_data_timestamp is 'API dataTimestamp when the previous version was landed.';
comment on column enrollment_changes.new_data_timestamp is 'API dataTimestamp when the changed version was landed.';
comment on column enrollment_changes.changed_seen_at is 'UTC time the pipeline first saw the changed version.';
