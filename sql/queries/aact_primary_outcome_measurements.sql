-- What did the topic's trials with posted results measure as primary outcomes, per arm?
-- AACT's dialect (schema ctgov): outcomes of type PRIMARY, their measurements and the result
-- group (arm) each belongs to; values as reported, nothing computed from them. A topic's trials
-- as in aact_results_within_12_months.
-- Columns: topic; nct_id; outcome (the outcome's title); time_frame; result_group (the arm's
-- title); classification and category (the row's labels, when the outcome has them);
-- param_type (MEAN, NUMBER, ...); param_value (as reported); units; dispersion_type;
-- dispersion_value.
with topic_trials as (
    select topic, nct_id
    from study_relevance
    where tier <> 'excluded'
),

final as (
    select
        t.topic,
        o.nct_id,
        o.title as outcome,
        o.time_frame,
        g.title as result_group,
        m.classification,
        m.category,
        m.param_type,
        m.param_value,
        m.units,
        m.dispersion_type,
        m.dispersion_value
    from topic_trials as t
    inner join ctgov.outcomes as o on o.nct_id = t.nct_id
    inner join ctgov.outcome_measurements as m on m.outcome_id = o.id
    left join ctgov.result_groups as g on g.id = m.result_group_id
    where o.outcome_type = 'PRIMARY'
    order by t.topic, o.nct_id, o.id, g.ctgov_group_code, m.id
)

select * from final
