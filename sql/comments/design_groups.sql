-- Descriptions of design_groups (AACT's ctgov.design_groups); docs/schema.md is generated from them (make docs).
comment on table design_groups is 'AACT''s design_groups: the arms of an interventional study or the groups (cohorts) of an observational one, one row per entry of protocolSection.armsInterventionsModule.armGroups, in list order.';
comment on column design_groups.id is 'Row id: the study''s NCT number times 10^9 plus the row''s position in the list (aact_id), stable across rebuilds; AACT''s own serial ids differ.';
comment on column design_groups.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column design_groups.group_type is 'Role of the arm, e.g. EXPERIMENTAL, ACTIVE_COMPARATOR, PLACEBO_COMPARATOR, NO_INTERVENTION, OTHER (armGroups[].type); observational groups usually have none.';
comment on column design_groups.title is 'The arm or group label (armGroups[].label), which interventions name in armGroupLabels.';
comment on column design_groups.description is 'What the arm or group receives or who it holds (armGroups[].description).';
