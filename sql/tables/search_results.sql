-- Our searches' hits in the shape of AACT's search_results: one row per study a topic query
-- (study_searches) returned (raw_query_hits), for the studies the file holds (AACT, too, keeps a
-- hit only for a study it has). As in AACT, a hit stays when a later run no longer returns the
-- study. id is aact_id over the study's hits, ordered by search.
-- aact: ctgov.search_results
create or replace table search_results as
with hits as (
    select
        h.nct_id,
        s.id as study_search_id,
        s.name,
        s."grouping",
        h.first_seen_at,
        h.last_seen_at
    from raw_query_hits as h
    inner join study_searches as s on s."grouping" = h.topic and s.name = h.query_id
    semi join current_records as r on r.nct_id = h.nct_id
    where regexp_full_match(h.nct_id, 'NCT[0-9]{8}')
),

final as (
    select
        aact_id(nct_id, row_number() over (partition by nct_id order by study_search_id)) as id,
        nct_id,
        name,
        first_seen_at as created_at,
        last_seen_at as updated_at,
        "grouping",
        study_search_id
    from hits
)

select * from final
