-- Descriptions of participant_flows; docs/schema.md is generated from them (make docs).
comment on table participant_flows is 'AACT''s participant_flows: the texts of a study''s participant flow, one row per study with resultsSection.participantFlowModule. The counts are in milestones and drop_withdrawals. Key id.';
comment on column participant_flows.id is 'Stable row id, aact_id(nct_id, 1). AACT: a serial integer; here a bigint.';
comment on column participant_flows.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column participant_flows.recruitment_details is 'Where and when participants were recruited (participantFlowModule.recruitmentDetails).';
comment on column participant_flows.pre_assignment_details is 'What happened between enrolment and assignment, e.g. a washout (participantFlowModule.preAssignmentDetails).';
comment on column participant_flows.units_analyzed is 'What was counted when not participants, e.g. eyes (participantFlowModule.typeUnitsAnalyzed).';
