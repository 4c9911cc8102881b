-- Open trials of each topic by country: where can someone with the condition join a trial now?
-- Relevant trials (study_relevance tier primary or secondary) whose overall_status is open:
-- RECRUITING, NOT_YET_RECRUITING, ENROLLING_BY_INVITATION or AVAILABLE (expanded access).
-- A trial with sites in three countries counts once in each; open trials that list no site are
-- left out (see studies).
-- Columns: topic; country (locations.country, English registry spelling); open_trials (distinct
-- trials); sites (their sites in the country); recruiting_sites (sites whose own status is
-- RECRUITING); nct_ids (sorted).
with open_trials as (
    select r.topic, s.nct_id
    from study_relevance as r
    inner join study_overview as s on s.nct_id = r.nct_id
    where r.tier <> 'excluded'
        and is_open(s.overall_status)
),

final as (
    select
        o.topic,
        coalesce(l.country, 'not stated') as country,
        count(distinct o.nct_id) as open_trials,
        count(*) as sites,
        count(*) filter (where l.status = 'RECRUITING') as recruiting_sites,
        list(distinct o.nct_id order by o.nct_id) as nct_ids
    from open_trials as o
    inner join locations as l on l.nct_id = o.nct_id
    group by all
)

select * from final order by topic, open_trials desc, sites desc, country
