-- Which organ systems do the adverse events of the topic's trials with posted results concern?
-- AACT's dialect (schema ctgov): reported_events, one row per event term and result group, as
-- the trials' results sections report them; participants are summed over groups and terms, so a
-- person with two events in one system counts twice. A topic's trials as in
-- aact_results_within_12_months.
-- Columns: topic; event_type (serious or other); organ_system; trials (with such an event);
-- subjects_affected (summed); subjects_at_risk (summed over the same rows); event_terms
-- (distinct adverse_event_term values).
with topic_trials as (
    select topic, nct_id
    from study_relevance
    where tier <> 'excluded'
),

final as (
    select
        t.topic,
        e.event_type,
        e.organ_system,
        count(distinct e.nct_id) as trials,
        sum(e.subjects_affected) as subjects_affected,
        sum(e.subjects_at_risk) as subjects_at_risk,
        count(distinct e.adverse_event_term) as event_terms
    from topic_trials as t
    inner join ctgov.reported_events as e on e.nct_id = t.nct_id
    group by all
    order by t.topic, e.event_type, subjects_affected desc nulls last, e.organ_system
)

select * from final
