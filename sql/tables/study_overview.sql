-- One row per current study: identification, status, dates, design headline, lead sponsor.
-- Fields come parsed from study_parsed; missing modules give nulls.
create or replace table study_overview as
with modules as (
    select
        nct_id,
        content_hash,
        data_timestamp,
        identification as ident,
        status,
        sponsor_collaborators.leadSponsor as lead,
        oversight,
        design,
        brief_summary,
        version_holder,
        has_results
    from study_parsed
),

dated as (
    select
        *,
        -- Partial dates ("2019", "2019-03", "2019-03-05") become the first day of the period plus
        -- a precision marker, so a month-only date is never mistaken for a known day.
        [
            case
                when regexp_full_match(d.date, '\d{4}-\d{2}-\d{2}')
                    then {'date': try_cast(d.date as date), 'precision': 'day', 'type': d.type}
                when regexp_full_match(d.date, '\d{4}-\d{2}')
                    then {'date': try_cast(d.date || '-01' as date), 'precision': 'month', 'type': d.type}
                when regexp_full_match(d.date, '\d{4}')
                    then {'date': try_cast(d.date || '-01-01' as date), 'precision': 'year', 'type': d.type}
                else {'date': null::date, 'precision': null::varchar, 'type': d.type}
            end
            for d in [
                status.startDateStruct,
                status.primaryCompletionDateStruct,
                status.completionDateStruct,
                status.studyFirstPostDateStruct,
                status.lastUpdatePostDateStruct,
                status.resultsFirstPostDateStruct
            ]
        ] as dates
    from modules
),

final as (
    select
        nct_id,
        ident.briefTitle as brief_title,
        ident.officialTitle as official_title,
        ident.acronym as acronym,
        status.overallStatus as overall_status,
        status.lastKnownStatus as last_known_status,
        design.studyType as study_type,
        coalesce(design.phases, []::varchar[]) as phases,
        -- A negative count is not a count: unknown.
        if(try_cast(json_bigint(design.enrollmentInfo.count) as integer) >= 0,
           try_cast(json_bigint(design.enrollmentInfo.count) as integer), null) as enrollment,
        design.enrollmentInfo.type as enrollment_type,
        dates[1].date as start_date,
        if(dates[1].date is null, null, dates[1].precision) as start_date_precision,
        dates[1].type as start_date_type,
        dates[2].date as primary_completion_date,
        if(dates[2].date is null, null, dates[2].precision) as primary_completion_date_precision,
        dates[2].type as primary_completion_date_type,
        dates[3].date as completion_date,
        if(dates[3].date is null, null, dates[3].precision) as completion_date_precision,
        dates[3].type as completion_date_type,
        dates[4].date as study_first_post_date,
        if(dates[4].date is null, null, dates[4].precision) as study_first_post_date_precision,
        dates[4].type as study_first_post_date_type,
        dates[5].date as last_update_post_date,
        if(dates[5].date is null, null, dates[5].precision) as last_update_post_date_precision,
        dates[5].type as last_update_post_date_type,
        try_cast(status.studyFirstSubmitDate as date) as study_first_submit_date,
        try_cast(status.lastUpdateSubmitDate as date) as last_update_submit_date,
        has_results,
        dates[6].date as results_first_post_date,
        if(dates[6].date is null, null, dates[6].precision) as results_first_post_date_precision,
        dates[6].type as results_first_post_date_type,
        status.whyStopped as why_stopped,
        brief_summary,
        lead.name as lead_sponsor_name,
        lead.class as lead_sponsor_class,
        ident.organization.fullName as source,
        ident.organization.class as source_class,
        ident.orgStudyIdInfo.id as org_study_id,
        design.targetDuration as target_duration,
        json_boolean(status.expandedAccessInfo.hasExpandedAccess) as has_expanded_access,
        json_boolean(oversight.oversightHasDmc) as has_dmc,
        json_boolean(oversight.isFdaRegulatedDrug) as is_fda_regulated_drug,
        json_boolean(oversight.isFdaRegulatedDevice) as is_fda_regulated_device,
        try_cast(version_holder as date) as version_holder,
        content_hash,
        data_timestamp,
        -- Fields the API always sends; hand-made or damaged records may lack them and still load.
        [
            f.name for f in [
                {'name': 'overall_status', 'absent': is_blank(status.overallStatus)},
                {'name': 'study_type', 'absent': is_blank(design.studyType)},
                {'name': 'brief_title', 'absent': is_blank(ident.briefTitle)}
            ] if f.absent
        ] as missing_required
    from dated
)

select * from final
