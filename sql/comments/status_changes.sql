-- Descriptions of status_changes; docs/schema.md is generated from them (make docs).
comment on view status_changes is 'Overall status changes between successive stored versions of a study (study_versions), e.g. NOT_YET_RECRUITING to RECRUITING. Only changes seen by this database: a study first landed after the change has none.';
comment on column status_changes.nct_id is 'ClinicalTrials.gov identifier.';
comment on column status_changes.old_status is 'Status in the previous version (protocolSection.statusModule.overallStatus).';
comment on column status_changes.new_status is 'Status in the version that changed it.';
comment on column status_changes.old_data_timestamp is 'API dataTimestamp when the previous version was landed.';
comment on column status_changes.new_data_timestamp is 'API dataTimestamp when the changed version was landed: the registry refresh that carried the change.';
comment on column status_changes.changed_seen_at is 'UTC time the pipeline first saw the changed version.';
comment on column status_changes.last_update_post_date is 'The changed version''s last update posted date as the registry''s text (YYYY-MM-DD): when the sponsor''s update went public.';
