-- AACT's studies: one row per study, the columns of its declarative mapping (root: the whole
-- record) in AACT's column order, with the values its Ruby computes: phase as the phases joined
-- with '/', number_of_arms for an interventional study and number_of_groups for any other, both
-- the count of arm groups. Dates by aact_date (a month as its last day), the *_month_year
-- columns the registry's text as given; integers and booleans cast as ActiveRecord casts them.
-- aact: ctgov.studies
create or replace table studies as
with modules as (
    select
        nct_id,
        identification as ident,
        status,
        oversight,
        design,
        ipd_sharing,
        arms_interventions,
        baseline,
        limitations_and_caveats,
        -- AACT matches /interventional/i anywhere in the study type.
        regexp_matches(design.studyType, 'interventional', 'i') as is_interventional
    from study_parsed
    where usable_id
),

final as (
    select
        nct_id,
        null::varchar as nlm_download_date_description,
        aact_date(status.studyFirstSubmitDate) as study_first_submitted_date,
        aact_date(status.resultsFirstSubmitDate) as results_first_submitted_date,
        aact_date(status.dispFirstSubmitDate) as disposition_first_submitted_date,
        aact_date(status.lastUpdateSubmitDate) as last_update_submitted_date,
        aact_date(status.studyFirstSubmitQcDate) as study_first_submitted_qc_date,
        aact_date(status.studyFirstPostDateStruct.date) as study_first_posted_date,
        status.studyFirstPostDateStruct.type as study_first_posted_date_type,
        aact_date(status.resultsFirstSubmitQcDate) as results_first_submitted_qc_date,
        aact_date(status.resultsFirstPostDateStruct.date) as results_first_posted_date,
        status.resultsFirstPostDateStruct.type as results_first_posted_date_type,
        aact_date(status.dispFirstSubmitQcDate) as disposition_first_submitted_qc_date,
        aact_date(status.dispFirstPostDateStruct.date) as disposition_first_posted_date,
        status.dispFirstPostDateStruct.type as disposition_first_posted_date_type,
        -- AACT's mapping reads lastUpdateSubmitDate here too (the API has no QC date for it).
        aact_date(status.lastUpdateSubmitDate) as last_update_submitted_qc_date,
        aact_date(status.lastUpdatePostDateStruct.date) as last_update_posted_date,
        status.lastUpdatePostDateStruct.type as last_update_posted_date_type,
        status.startDateStruct.date as start_month_year,
        status.startDateStruct.type as start_date_type,
        aact_date(status.startDateStruct.date) as start_date,
        status.statusVerifiedDate as verification_month_year,
        aact_date(status.statusVerifiedDate) as verification_date,
        status.completionDateStruct.date as completion_month_year,
        status.completionDateStruct.type as completion_date_type,
        aact_date(status.completionDateStruct.date) as completion_date,
        status.primaryCompletionDateStruct.date as primary_completion_month_year,
        status.primaryCompletionDateStruct.type as primary_completion_date_type,
        aact_date(status.primaryCompletionDateStruct.date) as primary_completion_date,
        design.targetDuration as target_duration,
        design.studyType as study_type,
        ident.acronym as acronym,
        baseline.populationDescription as baseline_population,
        ident.briefTitle as brief_title,
        ident.officialTitle as official_title,
        status.overallStatus as overall_status,
        status.lastKnownStatus as last_known_status,
        -- Ruby's join: an empty list gives '', a null entry an empty piece.
        array_to_string([coalesce(p, '') for p in design.phases], '/') as phase,
        aact_integer(json_text(design.enrollmentInfo.count)) as enrollment,
        design.enrollmentInfo.type as enrollment_type,
        ident.organization.fullName as source,
        limitations_and_caveats,
        case when is_interventional then len(arms_interventions.armGroups)::integer end
            as number_of_arms,
        case when is_interventional then null else len(arms_interventions.armGroups)::integer end
            as number_of_groups,
        status.whyStopped as why_stopped,
        aact_boolean(json_text(status.expandedAccessInfo.hasExpandedAccess)) as has_expanded_access,
        aact_boolean(design.expandedAccessTypes.individual) as expanded_access_type_individual,
        aact_boolean(design.expandedAccessTypes.intermediate) as expanded_access_type_intermediate,
        aact_boolean(design.expandedAccessTypes.treatment) as expanded_access_type_treatment,
        aact_boolean(json_text(oversight.oversightHasDmc)) as has_dmc,
        aact_boolean(json_text(oversight.isFdaRegulatedDrug)) as is_fda_regulated_drug,
        aact_boolean(json_text(oversight.isFdaRegulatedDevice)) as is_fda_regulated_device,
        aact_boolean(oversight.isUnapprovedDevice) as is_unapproved_device,
        aact_boolean(oversight.isPpsd) as is_ppsd,
        aact_boolean(oversight.isUsExport) as is_us_export,
        design.bioSpec.retention as biospec_retention,
        design.bioSpec.description as biospec_description,
        ipd_sharing.timeFrame as ipd_time_frame,
        ipd_sharing.accessCriteria as ipd_access_criteria,
        ipd_sharing.url as ipd_url,
        ipd_sharing.ipdSharing as plan_to_share_ipd,
        ipd_sharing.description as plan_to_share_ipd_description,
        null::timestamp as created_at,
        null::timestamp as updated_at,
        ident.organization.class as source_class,
        aact_boolean(status.delayedPosting) as delayed_posting,
        status.expandedAccessInfo.nctId as expanded_access_nctid,
        status.expandedAccessInfo.statusForNctId as expanded_access_status_for_nctid,
        aact_boolean(oversight.fdaaa801Violation) as fdaaa801_violation,
        baseline.typeUnitsAnalyzed as baseline_type_units_analyzed,
        aact_boolean(design.patientRegistry) as patient_registry
    from modules
)

select * from final
