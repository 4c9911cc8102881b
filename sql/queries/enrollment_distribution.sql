-- How big are the topic's trials? Relevant trials by number of participants.
-- enrollment is protocolSection.designModule.enrollmentInfo.count: a target (ESTIMATED) while a
-- trial enrols, the actual count (ACTUAL) once it is done; both are counted here, split below.
-- Bands are half-open: 25-49 holds 25 to 49 participants. not stated: no count in the record.
-- Columns: topic; enrollment_band; band_order (sorts the bands); trials; actual (count is ACTUAL);
-- estimated (count is ESTIMATED); median_enrollment (participants, within the band); share (of the
-- topic's relevant trials, 0 to 1).
with relevant as (
    select r.topic, s.nct_id, s.enrollment, s.enrollment_type
    from study_relevance as r
    inner join study_overview as s on s.nct_id = r.nct_id
    where r.tier <> 'excluded'
),

banded as (
    select
        *,
        case
            when enrollment is null then 0
            when enrollment < 25 then 1
            when enrollment < 50 then 2
            when enrollment < 100 then 3
            when enrollment < 250 then 4
            when enrollment < 500 then 5
            when enrollment < 1000 then 6
            else 7
        end as band_order
    from relevant
),

counted as (
    select
        topic,
        ['not stated', '0-24', '25-49', '50-99', '100-249', '250-499', '500-999', '1000+'][
            band_order + 1
        ] as enrollment_band,
        band_order,
        count(*) as trials,
        count(*) filter (where enrollment_type = 'ACTUAL') as actual,
        count(*) filter (where enrollment_type = 'ESTIMATED') as estimated,
        median(enrollment) as median_enrollment
    from banded
    group by all
),

final as (
    select *, round(trials / sum(trials) over (partition by topic), 3) as share
    from counted
)

select * from final order by topic, band_order
