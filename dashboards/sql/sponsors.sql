-- Listed relevant trials by the agency class of the lead sponsor
-- (protocolSection.sponsorCollaboratorsModule.leadSponsor.class).
with final as (
    select
        case coalesce(s.lead_sponsor_class, '')
            when 'NIH' then 'NIH'
            when 'FED' then 'US federal'
            when 'OTHER_GOV' then 'Other government'
            when 'INDUSTRY' then 'Industry'
            when 'NETWORK' then 'Network'
            when 'INDIV' then 'Individual'
            when 'OTHER' then 'Universities, hospitals, other'
            when 'AMBIG' then 'Ambiguous'
            when 'UNKNOWN' then 'Unknown'
            when '' then 'Not stated'
            else s.lead_sponsor_class
        end as sponsor_class,
        t.label as relevance,
        t.tier_order,
        count(*) as trials
    from study_relevance as r
    inner join study_overview as s on s.nct_id = r.nct_id
    inner join topic_tiers as t on t.topic = r.topic and t.tier = r.tier
    where r.topic = $topic and r.tier <> 'excluded'
        -- Listed trials only, as the page counts them (top_trials: not quarantined or removed).
        and r.nct_id in (select nct_id from top_trials where topic = $topic)
    group by all
)

select * from final order by sponsor_class, tier_order
