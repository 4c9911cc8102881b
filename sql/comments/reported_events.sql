-- Descriptions of reported_events; docs/schema.md is generated from them (make docs).
comment on table reported_events is 'AACT''s reported_events: adverse events per term and group, one row per resultsSection.adverseEventsModule otherEvents[].stats[] entry (event_type other) and seriousEvents[].stats[] entry (serious), the module''s time frame, threshold and description repeated on each row. Ids in AACT''s load order, other events first. Key id.';
comment on column reported_events.id is 'Stable row id, aact_id(nct_id, position: other events, then serious, each term by term). AACT: a serial integer; here a bigint.';
comment on column reported_events.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column reported_events.result_group_id is 'The group: result_groups.id of the study''s Reported Event group with this code (the last one if a code repeats).';
comment on column reported_events.ctgov_group_code is 'Group code, e.g. EG000 (stats[].groupId).';
comment on column reported_events.time_frame is 'Period over which adverse events were collected (adverseEventsModule.timeFrame).';
comment on column reported_events.event_type is 'serious (seriousEvents) or other (otherEvents: non-serious events above the frequency threshold).';
comment on column reported_events.default_vocab is 'Always null: AACT maps nothing to it from API v2 (the term''s own vocabulary is vocab).';
comment on column reported_events.default_assessment is 'Always null: AACT maps nothing to it from API v2 (the term''s own assessment is assessment).';
comment on column reported_events.subjects_affected is 'Participants in the group with the event (stats[].numAffected, ar_integer).';
comment on column reported_events.subjects_at_risk is 'Participants in the group at risk of it (stats[].numAtRisk, ar_integer).';
comment on column reported_events.description is 'How adverse events were defined or collected (adverseEventsModule.description).';
comment on column reported_events.event_count is 'Number of occurrences when reported (stats[].numEvents, ar_integer).';
comment on column reported_events.organ_system is 'Organ system class, e.g. Gastrointestinal disorders (events[].organSystem).';
comment on column reported_events.adverse_event_term is 'The event, e.g. Nausea (events[].term).';
comment on column reported_events.frequency_threshold is 'Percent of participants above which other events are listed (adverseEventsModule.frequencyThreshold, ar_integer: 2.5 is 2, as AACT''s integer column holds it).';
comment on column reported_events.vocab is 'Vocabulary of the term, e.g. MedDRA 23.0 (events[].sourceVocabulary).';
comment on column reported_events.assessment is 'NON_SYSTEMATIC_ASSESSMENT or SYSTEMATIC_ASSESSMENT (events[].assessmentType).';
