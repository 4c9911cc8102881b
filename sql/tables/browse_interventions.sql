-- AACT's browse_interventions: the registry's MeSH terms for the study's interventions
-- (derivedSection.interventionBrowseModule), one row per entry as given (duplicates kept):
-- 'mesh-ancestor' rows from ancestors, then 'mesh-list' rows from meshes, the order in which
-- AACT's loader inserts them (so ids sort as AACT's do within a study).
-- aact: ctgov.browse_interventions
create or replace table browse_interventions as
with terms as (
    select
        nct_id,
        list_concat(
            [{'term': a.term, 'mesh_type': 'mesh-ancestor'} for a in intervention_browse.ancestors],
            [{'term': m.term, 'mesh_type': 'mesh-list'} for m in intervention_browse.meshes]
        ) as items
    from aact_parsed
),

entries as (
    select nct_id, unnest(numbered(items), max_depth := 2)
    from terms
),

final as (
    select
        aact_id(nct_id, ordinal) as id,
        nct_id,
        item.term as mesh_term,
        lower(item.term) as downcase_mesh_term,
        item.mesh_type
    from entries
)

select * from final
