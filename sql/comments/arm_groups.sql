-- Descriptions of arm_groups; docs/schema.md is generated from them (make docs).
comment on table arm_groups is 'Arms, or groups of an observational study (AACT design_groups), in list order. Key (nct_id, ordinal).';
comment on column arm_groups.nct_id is 'ClinicalTrials.gov identifier (studies.nct_id).';
comment on column arm_groups.ordinal is 'Position in protocolSection.armsInterventionsModule.armGroups, 1-based.';
comment on column arm_groups.label is 'Arm label as written, e.g. Magnesium (armGroups[].label); interventions.arm_group_labels refers to it.';
comment on column arm_groups.group_type is 'Role of the arm (armGroups[].type): EXPERIMENTAL, ACTIVE_COMPARATOR, PLACEBO_COMPARATOR, SHAM_COMPARATOR, NO_INTERVENTION or OTHER; null for observational groups.';
comment on column arm_groups.description is 'Sponsor''s description of the arm (armGroups[].description).';
comment on column arm_groups.intervention_names is 'Interventions the arm receives, as type: name, e.g. Drug: Quinine (armGroups[].interventionNames). Empty if none given.';
