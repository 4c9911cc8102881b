-- Values of enum columns outside the registry's vocabulary (enum_values: its current enums, else the
-- spec's); kept, but reported.
with observed as (
    select 'studies' as table_name, 'overall_status' as column_name, 'Status' as enum_name,
        nct_id, overall_status as value from studies
    union all
    select 'studies', 'last_known_status', 'Status', nct_id, last_known_status from studies
    union all
    select 'studies', 'study_type', 'StudyType', nct_id, study_type from studies
    union all
    select 'studies', 'phases', 'Phase', nct_id, unnest(phases) from studies
    union all
    select 'studies', 'enrollment_type', 'EnrollmentType', nct_id, enrollment_type from studies
    union all
    select 'studies', 'start_date_type', 'DateType', nct_id, start_date_type from studies
    union all
    select 'studies', 'primary_completion_date_type', 'DateType', nct_id, primary_completion_date_type
    from studies
    union all
    select 'studies', 'completion_date_type', 'DateType', nct_id, completion_date_type from studies
    union all
    select 'studies', 'study_first_post_date_type', 'DateType', nct_id, study_first_post_date_type
    from studies
    union all
    select 'studies', 'last_update_post_date_type', 'DateType', nct_id, last_update_post_date_type
    from studies
    union all
    select 'studies', 'lead_sponsor_class', 'AgencyClass', nct_id, lead_sponsor_class from studies
    union all
    select 'sponsors', 'agency_class', 'AgencyClass', nct_id, agency_class from sponsors
    union all
    select 'eligibilities', 'sex', 'Sex', nct_id, sex from eligibilities
    union all
    select 'eligibilities', 'std_ages', 'StandardAge', nct_id, unnest(std_ages) from eligibilities
    union all
    select 'eligibilities', 'sampling_method', 'SamplingMethod', nct_id, sampling_method
    from eligibilities
    union all
    select 'designs', 'allocation', 'DesignAllocation', nct_id, allocation from designs
    union all
    select 'designs', 'intervention_model', 'InterventionalAssignment', nct_id, intervention_model
    from designs
    union all
    select 'designs', 'primary_purpose', 'PrimaryPurpose', nct_id, primary_purpose from designs
    union all
    select 'designs', 'masking', 'DesignMasking', nct_id, masking from designs
    union all
    select 'designs', 'who_masked', 'WhoMasked', nct_id, unnest(who_masked) from designs
    union all
    select 'designs', 'observational_model', 'ObservationalModel', nct_id, observational_model
    from designs
    union all
    select 'designs', 'time_perspective', 'DesignTimePerspective', nct_id, time_perspective
    from designs
    union all
    select 'interventions', 'intervention_type', 'InterventionType', nct_id, intervention_type
    from interventions
    union all
    select 'arm_groups', 'group_type', 'ArmGroupType', nct_id, group_type from arm_groups
    union all
    select 'locations', 'status', 'RecruitmentStatus', nct_id, status from locations
),

final as (
    select
        o.table_name,
        o.column_name,
        o.enum_name,
        o.value,
        count(*) as n_rows,
        min(o.nct_id) as example_nct_id
    from observed as o
    anti join enum_values as e on e.enum_name = o.enum_name and e.value = o.value
    where o.value is not null
    group by all
    order by o.table_name, o.column_name, o.value
)

select * from final
