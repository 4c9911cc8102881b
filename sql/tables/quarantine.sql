-- Current study versions that cannot be ranked or exported safely, one row per version and
-- reason. They stay verbatim in raw_studies, are reported by the quarantined_records warning
-- check and withheld from every list; a later clean version of the study releases them, since
-- this table is rebuilt from the current versions on every run.
create or replace table quarantine as
with vocabulary as (
    select enum_name, value from enum_values
),

current_versions as (
    select
        s.nct_id,
        s.content_hash,
        r.first_seen_at,
        r.last_seen_at,
        r.source,
        p.is_object
    from study_records as s
    inner join raw_studies as r on r.nct_id = s.nct_id and r.content_hash = s.content_hash
    inner join study_parsed as p on p.nct_id = s.nct_id
),

reasons as (
    select nct_id, 'not_an_object' as reason_code, 'the record is not a JSON object' as reason
    from current_versions
    where not is_object
    union all
    select
        nct_id,
        'invalid_nct_id',
        if(
            starts_with(nct_id, '?'),
            'the record has no protocolSection.identificationModule.nctId',
            'nctId is not NCT followed by 8 digits'
        )
    from current_versions
    where is_object and not regexp_full_match(nct_id, 'NCT[0-9]{8}')
    union all
    select nct_id, 'missing_required', 'lacks ' || array_to_string(missing_required, ', ')
    from studies
    where len(missing_required) > 0
    union all
    select s.nct_id, 'unknown_value', 'overall status is not in the API''s vocabulary'
    from studies as s
    where not is_blank(s.overall_status)
        and s.overall_status not in (select value from vocabulary where enum_name = 'Status')
    union all
    select distinct s.nct_id, 'unknown_value', 'a phase is not in the API''s vocabulary'
    from (select nct_id, unnest(phases) as phase from studies) as s
    where s.phase is null
        or s.phase not in (select value from vocabulary where enum_name = 'Phase')
    union all
    select s.nct_id, 'unknown_value', 'enrollment type is not in the API''s vocabulary'
    from studies as s
    where s.enrollment_type is not null
        and s.enrollment_type not in (
            select value from vocabulary where enum_name = 'EnrollmentType'
        )
    union all
    select s.nct_id, 'unknown_value', 'lead sponsor class is not in the API''s vocabulary'
    from studies as s
    where s.lead_sponsor_class is not null
        and s.lead_sponsor_class not in (
            select value from vocabulary where enum_name = 'AgencyClass'
        )
    union all
    select distinct i.nct_id, 'unknown_value', 'an intervention type is not in the API''s vocabulary'
    from interventions as i
    where i.intervention_type is not null
        and i.intervention_type not in (
            select value from vocabulary where enum_name = 'InterventionType'
        )
),

final as (
    select
        c.nct_id,
        c.content_hash,
        r.reason_code,
        r.reason,
        c.first_seen_at,
        c.last_seen_at,
        c.source,
        coalesce(
            (select min(p.run_id) from pipeline_runs as p where p.started_at = c.first_seen_at),
            if(starts_with(c.source, 'import:'), substr(c.source, 8), null)
        ) as first_run_id
    from current_versions as c
    inner join (select distinct * from reasons) as r on r.nct_id = c.nct_id
    order by c.nct_id, r.reason_code, r.reason
)

select * from final
