-- Where do the topic's trials enrol, by country of their sites?
-- AACT's dialect (schema ctgov): facilities (the sites as listed) and studies.enrollment; a trial
-- with sites in three countries counts in each, with its whole enrolment (the registry does not
-- split it by site). A topic's trials as in aact_results_within_12_months.
-- Columns: topic; country; trials; sites; enrollment (summed over the trials: participants
-- planned, or enrolled for finished trials); open_trials (a site RECRUITING or NOT_YET_RECRUITING).
with topic_trials as (
    select topic, nct_id
    from study_relevance
    where tier <> 'excluded'
),

per_trial as (
    select
        t.topic,
        f.country,
        f.nct_id,
        count(*) as sites,
        bool_or(f.status in ('RECRUITING', 'NOT_YET_RECRUITING')) as open_here
    from topic_trials as t
    inner join ctgov.facilities as f on f.nct_id = t.nct_id
    where f.country is not null
    group by all
),

final as (
    select
        p.topic,
        p.country,
        count(*) as trials,
        sum(p.sites) as sites,
        sum(s.enrollment) as enrollment,
        count(*) filter (where p.open_here) as open_trials
    from per_trial as p
    inner join ctgov.studies as s on s.nct_id = p.nct_id
    group by all
    order by p.topic, trials desc, p.country
)

select * from final
