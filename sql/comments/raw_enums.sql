-- Descriptions of raw_enums; docs/schema.md is generated from them (make docs).
comment on table raw_enums is 'The registry''s enum values as GET /studies/enums served them, one row per value per refresh run that fetched studies (skips and imports fetch none; a run whose request failed records none and the registry_enums_unavailable check says so). Key (run_id, enum_type, value). enum_values takes the latest run''s set.';
comment on column raw_enums.run_id is 'Run id of the refresh that fetched the enums (pipeline_runs.run_id).';
comment on column raw_enums.data_timestamp is 'The API''s dataTimestamp (GET /version) the run read: which daily refresh of the registry the values belong to.';
comment on column raw_enums.fetched_at is 'UTC time the enums arrived.';
comment on column raw_enums.enum_type is 'Enum type (the body''s type), e.g. Status, Phase, InterventionType.';
comment on column raw_enums.value is 'One value as the API sends it in records, e.g. RECRUITING.';
comment on column raw_enums.legacy_value is 'The value''s legacy name (legacyValue), e.g. Recruiting; null when not given.';
comment on column raw_enums.ordinal is 'Position of the value in the type''s list, 1-based.';
