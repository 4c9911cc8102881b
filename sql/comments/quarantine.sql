-- Descriptions of quarantine; docs/schema.md is generated from them (make docs).
comment on table quarantine is 'Current study versions that cannot be ranked or exported safely, with the reason: not a JSON object, an nctId that is not NCT + 8 digits, JSON nested deeper than the pipeline reads (raw_deep_records), a field the API always sends missing or blank, an enum value outside the registry''s vocabulary (enum_values) and the spec''s, or one the registry added that the export''s vocabulary (spec_enum_values) lacks. The version stays verbatim in raw_studies; the study is withheld from every list and reported by the quarantined_records warning check until a later clean version releases it (this table is rebuilt from the current versions on every run).';
comment on column quarantine.nct_id is 'The record''s nctId as text, as stored in raw_studies.nct_id; a record without one is keyed ''?'' followed by its content hash.';
comment on column quarantine.content_hash is 'md5 of the quarantined version''s JSON text; join raw_studies on nct_id and content_hash for the record itself.';
comment on column quarantine.reason_code is 'not_an_object, invalid_nct_id, nested_too_deeply (see raw_deep_records), missing_required, unknown_value (an enum value neither the registry''s vocabulary, enum_values, nor the spec''s lists) or new_value (listed by the registry''s enums but not by the spec''s, which the export carries).';
comment on column quarantine.reason is 'The reason in words, without record text.';
comment on column quarantine.first_seen_at is 'UTC time this version was first landed.';
comment on column quarantine.last_seen_at is 'UTC time a fetch or import last returned this version.';
comment on column quarantine.source is 'What landed the version: api, or import:<batch_id>.';
comment on column quarantine.first_run_id is 'The refresh run (pipeline_runs.run_id) or import batch (raw_imports.batch_id) that first landed this version.';
