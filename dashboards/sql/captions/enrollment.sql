-- Caption figures of the participants panel, from the chart's own rows (relation chart); band 0
-- is "not stated".
with by_band as (
    select participants, sum(trials) as trials from chart where band_order > 0 group by all
)

select
    (select sum(trials) from chart) as trials,
    (select coalesce(sum(trials), 0) from chart where band_order > 0) as stated,
    (select participants from by_band order by trials desc, participants limit 1) as top_band,
    (select max(trials) from by_band) as top_trials
