-- Descriptions of milestones; docs/schema.md is generated from them (make docs).
comment on table milestones is 'AACT''s milestones: how many participants reached each stage of the participant flow, one row per participantFlowModule.periods[].milestones[].achievements[] entry (a count for one group). Key id.';
comment on column milestones.id is 'Stable row id, aact_id(nct_id, position among the study''s achievements, period by period). AACT: a serial integer; here a bigint.';
comment on column milestones.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column milestones.result_group_id is 'The group: result_groups.id of the study''s Participant Flow group with this code (the last one if a code repeats).';
comment on column milestones.ctgov_group_code is 'Group code, e.g. FG000 (achievements[].groupId).';
comment on column milestones.title is 'The milestone, e.g. STARTED, COMPLETED or one the study named (milestones[].type).';
comment on column milestones.period is 'The period, e.g. Overall Study (periods[].title).';
comment on column milestones.description is 'achievements[].description, as AACT maps it; API v2 gives achievements a comment instead, so this is null in practice.';
comment on column milestones.count is 'Participants (or units) reaching the milestone (achievements[].numSubjects, ar_integer).';
comment on column milestones.milestone_description is 'Note on the milestone (milestones[].comment).';
comment on column milestones.count_units is 'The count in units other than participants, as given (achievements[].numUnits).';
