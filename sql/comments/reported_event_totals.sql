-- Descriptions of reported_event_totals; docs/schema.md is generated from them (make docs).
comment on table reported_event_totals is 'AACT''s reported_event_totals: per adverse-event group (resultsSection.adverseEventsModule.eventGroups[]), three rows: deaths from any cause, other and serious adverse events, each with affected and at-risk counts. Ids in AACT''s load order (deaths, other, serious). Key id.';
comment on column reported_event_totals.id is 'Stable row id, aact_id(nct_id, position in that order). AACT: a serial integer; here a bigint.';
comment on column reported_event_totals.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column reported_event_totals.ctgov_group_code is 'Group code, e.g. EG000 (eventGroups[].id).';
comment on column reported_event_totals.event_type is 'deaths, other or serious.';
comment on column reported_event_totals.classification is 'AACT''s label of the row: Total, all-cause mortality; Total, other adverse events; Total, serious adverse events.';
comment on column reported_event_totals.subjects_affected is 'Participants affected (eventGroups[].deathsNumAffected, otherNumAffected or seriousNumAffected, ar_integer).';
comment on column reported_event_totals.subjects_at_risk is 'Participants at risk (eventGroups[].deathsNumAtRisk, otherNumAtRisk or seriousNumAtRisk, ar_integer).';
comment on column reported_event_totals.created_at is 'Always null: AACT''s load time, which this file does not have (raw_studies.first_seen_at tells when a version arrived).';
comment on column reported_event_totals.updated_at is 'Always null, as created_at.';
