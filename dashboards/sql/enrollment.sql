-- Listed relevant trials by number of participants (protocolSection.designModule.enrollmentInfo.count:
-- the target while enrolling, the actual count once done).
with banded as (
    select
        t.label as relevance,
        t.tier_order,
        case
            when s.enrollment is null then 0
            when s.enrollment < 25 then 1
            when s.enrollment < 50 then 2
            when s.enrollment < 100 then 3
            when s.enrollment < 250 then 4
            when s.enrollment < 500 then 5
            when s.enrollment < 1000 then 6
            else 7
        end as band_order
    from study_relevance as r
    inner join study_overview as s on s.nct_id = r.nct_id
    inner join topic_tiers as t on t.topic = r.topic and t.tier = r.tier
    where r.topic = $topic and r.tier <> 'excluded'
        -- Listed trials only, as the page counts them (top_trials: not quarantined or removed).
        and r.nct_id in (select nct_id from top_trials where topic = $topic)
),

final as (
    select
        ['Not stated', '1-24', '25-49', '50-99', '100-249', '250-499', '500-999', '1000 or more'][
            band_order + 1
        ] as participants,
        band_order,
        relevance,
        tier_order,
        count(*) as trials
    from banded
    group by all
)

select * from final order by band_order, tier_order
