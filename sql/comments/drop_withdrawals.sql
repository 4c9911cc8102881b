-- Descriptions of drop_withdrawals; docs/schema.md is generated from them (make docs).
comment on table drop_withdrawals is 'AACT''s drop_withdrawals: why participants did not complete, one row per participantFlowModule.periods[].dropWithdraws[].reasons[] entry (a count for one group). Key id.';
comment on column drop_withdrawals.id is 'Stable row id, aact_id(nct_id, position among the study''s reasons, period by period). AACT: a serial integer; here a bigint.';
comment on column drop_withdrawals.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column drop_withdrawals.result_group_id is 'The group: result_groups.id of the study''s Participant Flow group with this code (the last one if a code repeats).';
comment on column drop_withdrawals.ctgov_group_code is 'Group code, e.g. FG001 (reasons[].groupId).';
comment on column drop_withdrawals.period is 'The period, e.g. Overall Study (periods[].title).';
comment on column drop_withdrawals.reason is 'Why, e.g. Adverse Event or Withdrawal by Subject (dropWithdraws[].type).';
comment on column drop_withdrawals.count is 'Participants leaving for that reason (reasons[].numSubjects, ar_integer).';
comment on column drop_withdrawals.drop_withdraw_comment is 'Note on the reason (dropWithdraws[].comment).';
comment on column drop_withdrawals.reason_comment is 'Note on the group''s count (reasons[].comment).';
comment on column drop_withdrawals.count_units is 'The count in units other than participants (reasons[].numUnits, ar_integer: AACT''s column is an integer here, unlike milestones.count_units).';
