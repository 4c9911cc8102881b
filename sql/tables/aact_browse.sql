-- AACT's browse_conditions and browse_interventions made once: the registry's MeSH terms for
-- each study's conditions (derivedSection.conditionBrowseModule) and interventions
-- (interventionBrowseModule), one row per entry as given (duplicates kept), 'mesh-ancestor' rows
-- from ancestors, then 'mesh-list' rows from meshes, the order in which AACT's loader inserts
-- them (so ids sort as AACT's do within a study). browse is 'condition' or 'intervention'; the
-- two tables are its halves.
-- build: intermediate
create or replace table aact_browse as
with terms as (
    select
        nct_id,
        'condition' as browse,
        list_concat(
            [{'term': a.term, 'mesh_type': 'mesh-ancestor'} for a in condition_browse.ancestors],
            [{'term': m.term, 'mesh_type': 'mesh-list'} for m in condition_browse.meshes]
        ) as items
    from study_parsed
    where usable_id
    union all
    select
        nct_id,
        'intervention' as browse,
        list_concat(
            [{'term': a.term, 'mesh_type': 'mesh-ancestor'} for a in intervention_browse.ancestors],
            [{'term': m.term, 'mesh_type': 'mesh-list'} for m in intervention_browse.meshes]
        ) as items
    from study_parsed
    where usable_id
),

entries as (
    select nct_id, browse, unnest(numbered(items), max_depth := 2)
    from terms
),

final as (
    select
        aact_id(nct_id, ordinal) as id,
        nct_id,
        item.term as mesh_term,
        lower(item.term) as downcase_mesh_term,
        item.mesh_type,
        browse
    from entries
)

select * from final
