-- Did the topic's finished trials post results within 12 months of primary completion?
-- AACT's dialect (schema ctgov): the registry's dates as AACT stores them (a month given alone is
-- its last day), the 12 months FDAAA 801 allows. A topic's trials: its relevant ones (tier
-- primary or secondary, study_relevance).
-- Columns: topic; finished (COMPLETED or TERMINATED, primary completion in the past);
-- reported (results posted at all); within_12_months (posted no later than 12 months after
-- primary completion); share_within_12_months (of finished, 0 to 1); median_months_to_report
-- (calculated_values.months_to_report_results, of those reported).
with topic_trials as (
    select topic, nct_id
    from study_relevance
    where tier <> 'excluded'
),

finished as (
    select
        t.topic,
        s.nct_id,
        s.results_first_posted_date,
        s.primary_completion_date,
        cv.months_to_report_results
    from topic_trials as t
    inner join ctgov.studies as s on s.nct_id = t.nct_id
    left join ctgov.calculated_values as cv on cv.nct_id = s.nct_id
    where s.overall_status in ('COMPLETED', 'TERMINATED')
        and s.primary_completion_date < current_date
),

final as (
    select
        topic,
        count(*) as finished,
        count(*) filter (where results_first_posted_date is not null) as reported,
        count(*) filter (
            where results_first_posted_date <= primary_completion_date + interval '12 months'
        ) as within_12_months,
        round(within_12_months / count(*), 3) as share_within_12_months,
        median(months_to_report_results) as median_months_to_report
    from finished
    group by topic
    order by topic
)

select * from final
