-- Relevant trials by intervention type and phase: what is being tested, and how far along?
-- One row per topic, intervention type and phase combination of the relevant trials (tier primary
-- or secondary). A trial testing a drug and a device counts under both types. phase joins the
-- trial's phases as the API sends them: PHASE2/PHASE3 is a combined phase 2/3 trial, NA is not
-- applicable (device, behavioural, procedure trials), none means no phase (observational studies).
-- Columns: topic; intervention_type (interventions.intervention_type, none listed if the trial
-- lists none); phase; trials (distinct); open_trials (RECRUITING, NOT_YET_RECRUITING,
-- ENROLLING_BY_INVITATION, AVAILABLE); nct_ids (sorted).
with relevant as (
    select
        r.topic,
        s.nct_id,
        s.overall_status,
        if(len(s.phases) = 0, 'none', array_to_string(s.phases, '/')) as phase
    from study_relevance as r
    inner join study_overview as s on s.nct_id = r.nct_id
    where r.tier <> 'excluded'
),

types as (
    select distinct nct_id, coalesce(intervention_type, 'not stated') as intervention_type
    from study_interventions
),

final as (
    select
        r.topic,
        coalesce(t.intervention_type, 'none listed') as intervention_type,
        r.phase,
        count(distinct r.nct_id) as trials,
        count(distinct r.nct_id) filter (
            where is_open(r.overall_status)
        ) as open_trials,
        list(distinct r.nct_id order by r.nct_id) as nct_ids
    from relevant as r
    left join types as t on t.nct_id = r.nct_id
    group by all
)

select * from final order by topic, trials desc, intervention_type, phase
