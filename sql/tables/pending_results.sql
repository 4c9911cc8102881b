-- AACT's pending_results: one row per
-- annotationSection.annotationModule.unpostedAnnotation.unpostedEvents entry (results submitted
-- but not yet posted: submission, QC comments returned, cancellation), in record order.
-- event_date_description keeps the date text; event_date is it converted by AACT's date rule
-- (aact_date: a month as its last day).
-- aact: ctgov.pending_results
create or replace table pending_results as
with entries as (
    select nct_id, unnest(numbered(unposted_events), max_depth := 2)
    from study_parsed
    where usable_id
),

final as (
    select
        aact_id(nct_id, ordinal) as id,
        nct_id,
        item.type as event,
        item.date as event_date_description,
        aact_date(item.date) as event_date
    from entries
)

select * from final
