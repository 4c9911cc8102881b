-- Relevant trials with results posted on ClinicalTrials.gov, and what they measured first.
-- has_results is the record's top-level hasResults; the results themselves are on the trial's
-- page (https://clinicaltrials.gov/study/<nct_id>?tab=results), not in this database.
-- Columns: topic; nct_id; brief_title; overall_status; phases (API enums); enrollment
-- (participants, ACTUAL for finished trials); completion_date (first day of the period given) and
-- completion_date_precision (day, month or year); primary_outcomes (measures in list order);
-- primary_time_frames (same order).
with relevant as (
    select r.topic, s.*
    from study_relevance as r
    inner join study_overview as s on s.nct_id = r.nct_id
    where r.tier <> 'excluded' and s.has_results
),

primary_outcomes as (
    select
        nct_id,
        list(measure order by ordinal) as measures,
        list(coalesce(time_frame, '') order by ordinal) as time_frames
    from planned_outcomes
    where outcome_type = 'primary'
    group by all
),

final as (
    select
        r.topic,
        r.nct_id,
        r.brief_title,
        r.overall_status,
        r.phases,
        r.enrollment,
        r.completion_date,
        r.completion_date_precision,
        coalesce(o.measures, []) as primary_outcomes,
        coalesce(o.time_frames, []) as primary_time_frames
    from relevant as r
    left join primary_outcomes as o on o.nct_id = r.nct_id
)

select * from final order by topic, completion_date desc nulls last, nct_id
