-- MeSH descriptors the registry mapped to the interventions (kind 'mesh') and their ancestors ('ancestor').
-- UIs are normalised by the same rule as condition_meshes.sql (see the reasons there); mesh_id_raw
-- keeps the received form.
create or replace table intervention_meshes as
with parsed as (
    select nct_id, intervention_browse as browse
    from study_parsed
),

entries as (
    -- One list per record, so study_parsed is scanned once.
    select
        nct_id,
        unnest(list_concat(
            [{'kind': 'mesh', 'ordinal': i, 'id': m.id, 'term': m.term} for m, i in browse.meshes],
            [{'kind': 'ancestor', 'ordinal': i, 'id': m.id, 'term': m.term} for m, i in browse.ancestors]
        )) as entry
    from parsed
),

normalised as (
    select
        nct_id,
        case
            when regexp_full_match(entry.id, '[CD]000\d{6}')
                and try_cast(entry.id[5:] as integer) < if(entry.id[1] = 'D', 66300, 588000)
                then entry.id[1] || entry.id[5:]
            else entry.id
        end as mesh_id,
        entry.term as mesh_term,
        entry.kind as kind,
        entry.ordinal as ordinal,
        entry.id as mesh_id_raw
    from entries
),

final as (
    -- A record can list the same descriptor in both forms; keep its first appearance.
    select distinct on (nct_id, mesh_id, kind)
        nct_id,
        mesh_id,
        mesh_term,
        lower(mesh_term) as downcase_mesh_term,
        kind,
        ordinal,
        mesh_id_raw
    from normalised
    order by nct_id, mesh_id, kind, ordinal
)

select * from final
