-- Current study versions that cannot be ranked or exported safely, one row per version and
-- reason. They stay verbatim in raw_studies, are reported by the quarantined_records warning
-- check and withheld from every list; a later clean version of the study releases them, since
-- this table is rebuilt from the current versions on every run.
create or replace table quarantine as
-- The registry's vocabulary (enum_values: its current enums, else the spec's) says whether a value
-- is unknown; the export's (the spec's sets, which schemas/top-trials.v1 lists) whether the value
-- can be exported. A value the registry added since the spec is withheld as new_value until the
-- spec, and with it the export's schema, is updated: releasing it would fail the export.
with vocabulary as (
    select enum_name, value, source from enum_values
),

exportable as (
    select enum_name, value, source from spec_enum_values
),

-- Values the export shows as tokens of the API's vocabulary. A blank status is reported as
-- missing_required instead; a null inside the phase list is a value no vocabulary holds.
enum_fields as (
    select nct_id, 'overall status' as field, 'Status' as enum_name, overall_status as value
    from study_overview
    where not is_blank(overall_status)
    union all
    select nct_id, 'a phase', 'Phase', coalesce(phase, '')
    from (select nct_id, unnest(phases) as phase from study_overview)
    union all
    select nct_id, 'enrollment type', 'EnrollmentType', enrollment_type
    from study_overview
    where enrollment_type is not null
    union all
    select nct_id, 'lead sponsor class', 'AgencyClass', lead_sponsor_class
    from study_overview
    where lead_sponsor_class is not null
    union all
    select nct_id, 'an intervention type', 'InterventionType', intervention_type
    from study_interventions
    where intervention_type is not null
),

current_versions as (
    select
        s.nct_id,
        s.content_hash,
        r.first_seen_at,
        r.last_seen_at,
        r.source,
        p.is_object
    from current_records as s
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
    select
        c.nct_id,
        'nested_too_deeply',
        'the record nests ' || d.depth || ' levels deep (registry records nest about 10)'
    from current_versions as c
    inner join raw_deep_records as d on d.nct_id = c.nct_id and d.content_hash = c.content_hash
    union all
    -- Versions seen last at the same time: one answer (or one import file) held different
    -- records with this nctId. All are kept in raw_studies; the study waits for an answer that
    -- has one.
    select
        s.nct_id,
        'duplicate_nct_id',
        count(*) || ' different records with this nctId came in one answer'
    from current_records as s
    inner join raw_studies as r on r.nct_id = s.nct_id and r.last_seen_at = s.last_seen_at
    group by s.nct_id
    having count(*) > 1
    union all
    select nct_id, 'missing_required', 'lacks ' || array_to_string(missing_required, ', ')
    from study_overview
    where len(missing_required) > 0
    union all
    select distinct f.nct_id, 'unknown_value', f.field || ' is not in the API''s vocabulary'
    from enum_fields as f
    anti join vocabulary as v on v.enum_name = f.enum_name and v.value = f.value
    where not exists (
        select 1 from exportable as e where e.enum_name = f.enum_name and e.value = f.value
    )
    union all
    select distinct
        f.nct_id,
        'new_value',
        f.field || ' is new in the registry''s vocabulary (' || v.source
        || ') but not in the export''s (' || (select any_value(source) from exportable) || ')'
    from enum_fields as f
    inner join vocabulary as v on v.enum_name = f.enum_name and v.value = f.value
    anti join exportable as e on e.enum_name = f.enum_name and e.value = f.value
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
