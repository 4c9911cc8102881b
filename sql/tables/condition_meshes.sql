-- MeSH descriptors the registry mapped to the conditions (kind 'mesh') and their ancestors ('ancestor').
-- MeSH UIs arrive in two forms depending on the record's data date: 2023 to mid-2024 records pad every
-- UI to nine digits (D000009120), later ones use the official UI (D009120). NLM switched to nine-digit
-- UIs in 2014 and kept numbering in sequence, so the number decides the official form: descriptors
-- numbered below 66300 are official as D + 6 digits (D066298 'In Vitro Techniques' is 6-digit,
-- D000066388 is genuinely 9-digit), supplementary concepts (C) below 588000 as C + 6 digits
-- (C587014 is 6-digit, C000588642 9-digit). So a D/C UI of the form X000nnnnnn whose number is below
-- the cut-over loses its padding (D000009120 -> D009120); every other UI is kept as received
-- (COVID-19 D000086382 stays). mesh_id_raw keeps the received form.
create or replace table condition_meshes as
with parsed as (
    select nct_id, condition_browse as browse
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
