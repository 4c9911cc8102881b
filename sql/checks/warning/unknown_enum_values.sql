-- Values of enum columns outside the registry's vocabulary (enum_values: its current enums, else the
-- spec's); kept, but reported.
with observed as (
    select 'study_overview' as table_name, 'overall_status' as column_name, 'Status' as enum_name,
        nct_id, overall_status as value from study_overview
    union all
    select 'study_overview', 'last_known_status', 'Status', nct_id, last_known_status from study_overview
    union all
    select 'study_overview', 'study_type', 'StudyType', nct_id, study_type from study_overview
    union all
    select 'study_overview', 'phases', 'Phase', nct_id, unnest(phases) from study_overview
    union all
    select 'study_overview', 'enrollment_type', 'EnrollmentType', nct_id, enrollment_type from study_overview
    union all
    select 'study_overview', 'start_date_type', 'DateType', nct_id, start_date_type from study_overview
    union all
    select 'study_overview', 'primary_completion_date_type', 'DateType', nct_id, primary_completion_date_type
    from study_overview
    union all
    select 'study_overview', 'completion_date_type', 'DateType', nct_id, completion_date_type from study_overview
    union all
    select 'study_overview', 'study_first_post_date_type', 'DateType', nct_id, study_first_post_date_type
    from study_overview
    union all
    select 'study_overview', 'last_update_post_date_type', 'DateType', nct_id, last_update_post_date_type
    from study_overview
    union all
    select 'study_overview', 'lead_sponsor_class', 'AgencyClass', nct_id, lead_sponsor_class from study_overview
    union all
    select 'study_sponsors', 'agency_class', 'AgencyClass', nct_id, agency_class from study_sponsors
    union all
    select 'study_eligibility', 'sex', 'Sex', nct_id, sex from study_eligibility
    union all
    select 'study_eligibility', 'std_ages', 'StandardAge', nct_id, unnest(std_ages) from study_eligibility
    union all
    select 'study_eligibility', 'sampling_method', 'SamplingMethod', nct_id, sampling_method
    from study_eligibility
    union all
    select 'study_designs', 'allocation', 'DesignAllocation', nct_id, allocation from study_designs
    union all
    select 'study_designs', 'intervention_model', 'InterventionalAssignment', nct_id, intervention_model
    from study_designs
    union all
    select 'study_designs', 'primary_purpose', 'PrimaryPurpose', nct_id, primary_purpose from study_designs
    union all
    select 'study_designs', 'masking', 'DesignMasking', nct_id, masking from study_designs
    union all
    select 'study_designs', 'who_masked', 'WhoMasked', nct_id, unnest(who_masked) from study_designs
    union all
    select 'study_designs', 'observational_model', 'ObservationalModel', nct_id, observational_model
    from study_designs
    union all
    select 'study_designs', 'time_perspective', 'DesignTimePerspective', nct_id, time_perspective
    from study_designs
    union all
    select 'study_interventions', 'intervention_type', 'InterventionType', nct_id, intervention_type
    from study_interventions
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
