-- PostgreSQL's initcap(text): each word's first letter upper case, the rest lower case, a word
-- being a run of letters and digits (initcap('hi THOMAS') is 'Hi Thomas', 'foo-bar' 'Foo-Bar').
create or replace macro initcap(value) as
    array_to_string(
        [
            case
                when i = 1 or not regexp_matches(value[i - 1], '[[:alnum:]]') then upper(value[i])
                else lower(value[i])
            end
            for i in range(1, length(value) + 1)
        ],
        ''
    )
