-- True when a text is missing or holds nothing a reader could see: empty, spaces or control
-- characters only (C0, DEL, C1 and the bidi controls, which every renderer strips).
create or replace macro is_blank(s) as
    coalesce(
        trim(regexp_replace(s, '[\x00-\x1f\x7f-\x9f\x{202a}-\x{202e}\x{2066}-\x{2069}]', '', 'g')),
        ''
    ) = ''
