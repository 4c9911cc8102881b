-- ActiveSupport's blank? for a text, as ActiveRecord's numeric casts use it (`presence`): empty
-- or Unicode white space only. Null stays null.
create or replace macro ar_blank(value) as
    regexp_full_match(
        value, '[\t\n\v\f\r \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]*'
    )
