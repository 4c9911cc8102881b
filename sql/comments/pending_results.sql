-- Descriptions of pending_results; docs/schema.md is generated from them (make docs).
comment on table pending_results is 'AACT pending_results: events of results submitted to the registry and not yet posted (annotationSection.annotationModule.unpostedAnnotation.unpostedEvents[]), in record order.';
comment on column pending_results.id is 'AACT row id, made stable: aact_id(nct_id, n), the study''s NCT number times 10^9 plus n, the row''s 1-based place among the study''s rows of this table in record order. The same record always gives the same id; AACT''s own serial ids differ.';
comment on column pending_results.nct_id is 'ClinicalTrials.gov identifier of the study (NCT and 8 digits).';
comment on column pending_results.event is 'What happened, as API v2 sends it: RELEASE (submitted), RESET (returned after quality control review) or UNRELEASE (submission cancelled) (unpostedEvents[].type).';
comment on column pending_results.event_date_description is 'Date of the event as the registry wrote it (unpostedEvents[].date).';
comment on column pending_results.event_date is 'That date converted by AACT''s date rule (aact_date): a full date as is, a month as its last day.';
