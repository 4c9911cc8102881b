-- The official form of a MeSH UI. UIs arrive in two forms depending on the record's data date: 2023 to
-- mid-2024 records pad every UI to nine digits (D000003920), later ones use the official UI (D003920).
-- NLM switched to nine-digit UIs in 2014 and kept numbering in sequence, so the number decides the
-- official form: descriptors numbered below 66300 are official as D + 6 digits (D066298 'In Vitro
-- Techniques' is 6-digit, D000066388 is genuinely 9-digit), supplementary concepts (C) below 588000 as
-- C + 6 digits (C587014 is 6-digit, C000588642 9-digit). So a D/C UI of the form X000nnnnnn whose number
-- is below the cut-over loses its padding (D000003920 -> D003920); every other UI is kept as received
-- (COVID-19 D000086382 stays). pipeline.config.topics.normalize_mesh_id applies the same rule to topic files.
create or replace macro normalize_mesh_id(id) as
    case
        when regexp_full_match(id, '[CD]000\d{6}')
            and try_cast(id[5:] as integer) < if(id[1] = 'D', 66300, 588000)
            then id[1] || id[5:]
        else id
    end
