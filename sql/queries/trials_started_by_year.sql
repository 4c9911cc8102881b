-- When did research on the topic happen? Relevant trials by the year they started.
-- start_date is protocolSection.statusModule.startDateStruct.date, a planned date (ESTIMATED) for
-- trials not yet started; a year-only date counts in its year. Trials without a start date are
-- left out.
-- Columns: topic; start_year; trials; started (start_date_type ACTUAL); planned (ESTIMATED);
-- open_trials (RECRUITING, NOT_YET_RECRUITING, ENROLLING_BY_INVITATION, AVAILABLE); completed
-- (COMPLETED); nct_ids (sorted).
with relevant as (
    select r.topic, s.nct_id, s.overall_status, s.start_date, s.start_date_type
    from study_relevance as r
    inner join study_overview as s on s.nct_id = r.nct_id
    where r.tier <> 'excluded' and s.start_date is not null
),

final as (
    select
        topic,
        year(start_date) as start_year,
        count(*) as trials,
        count(*) filter (where start_date_type = 'ACTUAL') as started,
        count(*) filter (where start_date_type = 'ESTIMATED') as planned,
        count(*) filter (
            where is_open(overall_status)
        ) as open_trials,
        count(*) filter (where overall_status = 'COMPLETED') as completed,
        list(nct_id order by nct_id) as nct_ids
    from relevant
    group by all
)

select * from final order by topic, start_year
