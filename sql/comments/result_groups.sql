-- Descriptions of result_groups; docs/schema.md is generated from them (make docs).
comment on table result_groups is 'AACT''s result_groups: the arms or groups a study''s results are reported for, from four places in resultsSection: each outcome measure''s groups (result_type Outcome, one set per measure, with outcome_id), adverseEventsModule.eventGroups (Reported Event), participantFlowModule.groups (Participant Flow) and baselineCharacteristicsModule.groups (Baseline). Ids in AACT''s load order: outcome groups first, then Reported Event, Participant Flow, Baseline. A group repeated with the same code, title and description in one of the last three lists is kept once, as AACT does. Every result_group_id of the results tables is an id here.';
comment on column result_groups.id is 'Stable row id, aact_id(nct_id, position in the order above). AACT: a serial integer; here a bigint.';
comment on column result_groups.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column result_groups.ctgov_group_code is 'The registry''s code of the group within its list, e.g. OG000, EG001, FG000, BG002 (groups[].id).';
comment on column result_groups.result_type is 'Which list the group is from: Outcome, Reported Event, Participant Flow or Baseline.';
comment on column result_groups.title is 'Group name, usually the arm or treatment (groups[].title).';
comment on column result_groups.description is 'What the group received or who is in it (groups[].description).';
comment on column result_groups.outcome_id is 'For an Outcome group, its measure''s outcomes.id; null for the other three lists (AACT''s later outcome_id column).';
